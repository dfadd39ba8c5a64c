//! A store's write lock in Redis: `SET lock TOKEN NX PX ttl`, taken in
//! turn by the writers of every node, released only by its holder, renewed
//! while it works, and expiring by itself [`TTL`] after its last renewal
//! (a node that dies holding it blocks the store no longer than that).

use std::time::{Duration, Instant};

use edge_harness::kv::KvError;

use super::transaction::RedisTx;

/// How long a lock lasts unless renewed.
pub(super) const TTL: Duration = Duration::from_secs(2);

/// How often a holder renews its lock while it works.
pub(super) const RENEW_EVERY: Duration = Duration::from_millis(500);

/// Renews the lock only if `ARGV[1]` still holds it.
pub(super) const RENEW: &str = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

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
        if Instant::now() >= tx.deadline() {
            return Err(KvError::Deadline);
        }
        let ttl = u64::try_from(TTL.as_millis()).unwrap_or(u64::MAX);
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

/// How long, past its call's deadline, a lock's holder may take to give it
/// back from a fresh connection.
const RELEASE_LATER_WITHIN: Duration = Duration::from_millis(500);

/// Gives the lock `lock_key` back if `token` still holds it, on a
/// connection of `pool`: after a call that ran out mid-command.
pub(super) async fn release_later(
    pool: std::sync::Arc<super::pool::Pool>,
    lock_key: String,
    token: String,
) {
    let deadline = Instant::now() + RELEASE_LATER_WITHIN;
    let Ok(mut taken) = pool.take(deadline).await else {
        return;
    };
    let release = redis::cmd("EVAL")
        .arg(RELEASE)
        .arg(1)
        .arg(&lock_key)
        .arg(&token)
        .clone();
    let sent = tokio::time::timeout_at(
        deadline.into(),
        release.query_async::<i64>(&mut taken.connection),
    )
    .await;
    if matches!(sent, Ok(Ok(_))) {
        pool.give_back(taken);
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
