//! A store's write lock in Redis: `SET lock TOKEN NX PX ttl`, taken in
//! turn by the writers of every node, released only by its holder, and
//! expiring by itself shortly after the holder's deadline (a node that
//! dies holding it blocks the store no longer than that).

use std::time::{Duration, Instant};

use edge_harness::kv::KvError;

use super::transaction::RedisTx;

/// How long a lock outlives its holder's deadline.
const MARGIN: Duration = Duration::from_millis(100);

/// Releases the lock only if `ARGV[1]` still holds it.
const RELEASE: &str = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/// A token no other writer holds: this process, this moment, a counter.
pub(super) fn token() -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{}-{nanos}-{n}", std::process::id())
}

/// Takes the store's lock, waiting (with growing, jittered pauses) no
/// later than the call's deadline.
pub(super) fn acquire(tx: &mut RedisTx<'_>, token: &str) -> Result<(), KvError> {
    let mut pause = Duration::from_micros(100);
    loop {
        let left = tx
            .deadline()
            .checked_duration_since(Instant::now())
            .ok_or(KvError::Deadline)?;
        let ttl = u64::try_from((left + MARGIN).as_millis()).unwrap_or(u64::MAX);
        let set: Option<String> = tx.query(
            redis::cmd("SET")
                .arg(&tx.keys.lock)
                .arg(token)
                .arg("NX")
                .arg("PX")
                .arg(ttl),
        )?;
        if set.is_some() {
            return Ok(());
        }
        let jitter = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| u64::from(d.subsec_nanos()))
            % 100;
        tx.sleep(pause + Duration::from_micros(jitter));
        pause = (pause * 2).min(Duration::from_millis(5));
    }
}

/// Gives the lock back if `token` still holds it.
pub(super) fn release(tx: &mut RedisTx<'_>, token: &str) -> Result<(), KvError> {
    tx.query::<i64>(
        redis::cmd("EVAL")
            .arg(RELEASE)
            .arg(1)
            .arg(&tx.keys.lock)
            .arg(token),
    )
    .map(drop)
}
