//! [`RedisKv`]: key-value data in Redis (or Valkey), shared by every
//! `edge serve` node pointed at it.
//!
//! The server gives the contract's primitives ([`KvStorage`]); the rules
//! of every call are the harness's [`KvStore`](edge_harness::kv::KvStore).
//! A write takes the store's lock (a key set only if absent, expiring in
//! two seconds unless its holder renews it), reads what it needs, and
//! applies its writes and the store's new usage in one script that first
//! checks the lock is still its own: should it have run out (a stalled
//! node) and another writer taken it, nothing is written and the call
//! starts again. So writes to one store take turns across every node (no
//! storm of retries under contention), a node that dies holding the lock
//! blocks the store two seconds at most, quotas hold and `increment` is
//! exact, and a batch is all or nothing. Reads take no lock: one of
//! several reads watches the store's keys and is checked unchanged.

mod lock;
mod names;
mod pool;
mod transaction;
mod values;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use edge_harness::kv::{DeadlineLock, KvError, KvFuture, KvStorage, ReadWork, WriteWork};

use names::StoreKeys;
use pool::{Pool, Taken};
use transaction::{RedisTx, not_taken};

/// Connections one server keeps to Redis at most.
const POOL_SIZE: usize = 32;

/// Stores kept in one Redis database.
pub(crate) struct RedisKv {
    pool: Arc<Pool>,
    /// One turn per store on this node: its writers queue here, and only
    /// the one at the head contends for the store's lock in Redis.
    turns: Mutex<HashMap<String, Arc<DeadlineLock<()>>>>,
}

impl RedisKv {
    /// A store on the server `url` names (`redis://[user:password@]host:port/db`
    /// or `unix:///path/to/socket`); connections are made when first used.
    ///
    /// # Errors
    ///
    /// A URL Redis cannot use; the error shows it without its password.
    pub(crate) fn open(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("rediss://") {
            anyhow::bail!(
                "--kv-url {}: TLS to Redis is not built into edge; reach it through a local \
                 TLS tunnel, or use redis:// on a private network",
                redacted(url)
            );
        }
        let info = redis::IntoConnectionInfo::into_connection_info(url).map(|info| {
            // Small commands must not wait for Nagle and delayed ACKs.
            let tcp = redis::io::tcp::TcpSettings::default().set_nodelay(true);
            info.set_tcp_settings(tcp)
        });
        let client = info.and_then(redis::Client::open).map_err(|e| {
            anyhow::anyhow!(
                "--kv-url {}: not a Redis URL ({:?}); expected \
                 redis://[user:password@]host:port/db or unix:///path/to/socket",
                redacted(url),
                e.kind()
            )
        })?;
        Ok(Self {
            pool: Arc::new(Pool::new(client, POOL_SIZE)),
            turns: Mutex::new(HashMap::new()),
        })
    }

    /// This node's turn for writes to `store`.
    fn turn(&self, store: &str) -> Arc<DeadlineLock<()>> {
        self.turns
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(store.to_owned())
            .or_default()
            .clone()
    }

    /// A connection for a call on `store`, or the call's error.
    fn take(
        &self,
        runtime: &tokio::runtime::Handle,
        store: &str,
        deadline: Instant,
    ) -> Result<Taken, KvError> {
        runtime
            .block_on(self.pool.take(deadline))
            .map_err(|e| not_taken(store, e))
    }

    /// Hands the connection back, or drops it if it may be mid-command.
    fn finish(&self, taken: Taken, broken: bool) {
        if !broken {
            self.pool.give_back(taken);
        }
    }
}

/// `url` without its password, for messages and logs.
pub(crate) fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://***@{}", &rest[at + 1..]),
        None => url.to_owned(),
    }
}

fn in_time(deadline: Instant) -> Result<(), KvError> {
    if Instant::now() >= deadline {
        return Err(KvError::Deadline);
    }
    Ok(())
}

impl KvStorage for RedisKv {
    fn values_async(
        &self,
        store: &str,
        keys: &[String],
        max_bytes: usize,
        deadline: Instant,
    ) -> Option<KvFuture<Vec<Option<Vec<u8>>>>> {
        if keys.is_empty() {
            return None;
        }
        Some(values::values(
            self.pool.clone(),
            store,
            keys,
            max_bytes,
            deadline,
        ))
    }

    fn read(&self, store: &str, deadline: Instant, work: &mut ReadWork<'_>) -> Result<(), KvError> {
        let runtime = tokio::runtime::Handle::current();
        let keys = StoreKeys::of(store);
        // A call of one read needs no watch; one of several reads them on
        // one view: watched, and checked unchanged at the end.
        let mut watching = false;
        loop {
            in_time(deadline)?;
            let mut taken = self.take(&runtime, store, deadline)?;
            let mut tx = RedisTx::new(
                &mut taken.connection,
                &keys,
                store,
                deadline,
                &runtime,
                watching,
            );
            if watching {
                let watch = redis::cmd("WATCH").arg(&keys.data).arg(&keys.index).clone();
                if let Err(e) = tx.query::<()>(&watch) {
                    let broken = tx.broken;
                    self.finish(taken, broken);
                    return Err(e);
                }
            }
            let result = work(&mut tx);
            if tx.needs_watch && !watching {
                let broken = tx.broken;
                self.finish(taken, broken);
                watching = true;
                continue;
            }
            let unchanged = if watching {
                // An empty transaction: it fails if a watched key changed.
                let check = redis::pipe().atomic().clone();
                tx.query_pipeline::<Option<()>>(&check)
                    .map(|done| done.is_some())
            } else {
                Ok(true)
            };
            let broken = tx.broken;
            self.finish(taken, broken);
            match unchanged {
                Ok(true) => return result,
                Ok(false) => continue,
                Err(e) => return Err(e),
            }
        }
    }

    fn write(
        &self,
        store: &str,
        deadline: Instant,
        work: &mut WriteWork<'_>,
    ) -> Result<(), KvError> {
        let runtime = tokio::runtime::Handle::current();
        let keys = StoreKeys::of(store);
        let turn = self.turn(store);
        let _turn = turn.lock_until(deadline)?;
        loop {
            in_time(deadline)?;
            let mut taken = self.take(&runtime, store, deadline)?;
            let mut tx = RedisTx::new(
                &mut taken.connection,
                &keys,
                store,
                deadline,
                &runtime,
                true,
            );
            let token = lock::token();
            let committed = lock::acquire(&mut tx, &token).and_then(|()| {
                tx.hold_lock(&token);
                work(&mut tx)?;
                commit(&mut tx, &token)
            });
            if !tx.broken {
                let _ = lock::release(&mut tx, &token);
            } else if tx.holds_lock() {
                // The call ran out mid-command: give the lock back from a
                // fresh connection, so that the store's next writer need
                // not wait for it to run out.
                let pool = self.pool.clone();
                let lock_key = keys.lock.clone();
                runtime.spawn(lock::release_later(pool, lock_key, token.clone()));
            }
            let broken = tx.broken;
            self.finish(taken, broken);
            match committed {
                Ok(true) => return Ok(()),
                // The lock ran out under another writer: again.
                Ok(false) => {}
                Err(e) => return Err(e),
            }
        }
    }
}

/// Applies the transaction's writes and usage at once, only if `token`
/// still holds the store's lock (a script runs alone in Redis): `false`
/// when the lock was lost (it ran out and another writer took it) and
/// nothing was written.
fn commit(tx: &mut RedisTx<'_>, token: &str) -> Result<bool, KvError> {
    if tx.pending.is_empty() && tx.new_usage.is_none() {
        return Ok(true);
    }
    let mut script = redis::cmd("EVAL");
    script
        .arg(COMMIT)
        .arg(4)
        .arg(&tx.keys.lock)
        .arg(&tx.keys.data)
        .arg(&tx.keys.index)
        .arg(&tx.keys.usage)
        .arg(token);
    match tx.new_usage {
        Some(usage) => script.arg(usage.keys).arg(usage.bytes),
        None => script.arg("").arg(""),
    };
    for (key, value) in &tx.pending {
        match value {
            Some(value) => script.arg("p").arg(key).arg(value.as_slice()),
            None => script.arg("d").arg(key).arg(""),
        };
    }
    let applied: i64 = tx.query(&script)?;
    Ok(applied == 1)
}

/// The commit: `KEYS` = lock, values, index, usage; `ARGV` = token, usage
/// keys and bytes (empty: unchanged), then (`p`|`d`, key, value) for each
/// write.
const COMMIT: &str = "\
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
for i = 4, #ARGV, 3 do
  if ARGV[i] == 'p' then
    redis.call('hset', KEYS[2], ARGV[i + 1], ARGV[i + 2])
    redis.call('zadd', KEYS[3], 0, ARGV[i + 1])
  else
    redis.call('hdel', KEYS[2], ARGV[i + 1])
    redis.call('zrem', KEYS[3], ARGV[i + 1])
  end
end
if ARGV[2] ~= '' then redis.call('hset', KEYS[4], 'keys', ARGV[2], 'bytes', ARGV[3]) end
return 1";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_shown_without_its_password() {
        assert_eq!(
            redacted("redis://user:s3cret@cache.internal:6379/2"),
            "redis://***@cache.internal:6379/2"
        );
        assert_eq!(redacted("redis://:pw@h/0"), "redis://***@h/0");
        assert_eq!(redacted("redis://h:6379/0"), "redis://h:6379/0");
        assert_eq!(redacted("unix:///run/redis.sock"), "unix:///run/redis.sock");
    }

    #[test]
    fn a_bad_url_is_refused_without_its_password() {
        let err = RedisKv::open("redis://user:s3cret@[::1")
            .err()
            .expect("not a URL")
            .to_string();
        assert!(err.contains("not a Redis URL"), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
        let err = RedisKv::open("rediss://h:6379")
            .err()
            .expect("TLS")
            .to_string();
        assert!(err.contains("TLS to Redis is not built into edge"), "{err}");
    }
}
