//! [`RedisTx`]: the contract's primitives as Redis commands on one store,
//! each bounded by the call's deadline. Writes are kept here and applied
//! at once when the call commits (see `super::RedisKv`), under the store's
//! lock, which the transaction renews as it goes.

use std::collections::BTreeMap;
use std::time::Instant;

use edge_harness::kv::{KvError, KvRead, KvUsage, KvWrite};
use redis::FromRedisValue;
use redis::aio::MultiplexedConnection;

use super::names::StoreKeys;
use super::pool::TakeError;

/// A transaction on one store, on one connection.
pub(super) struct RedisTx<'a> {
    connection: &'a mut MultiplexedConnection,
    pub(super) keys: &'a StoreKeys,
    store: &'a str,
    deadline: Instant,
    runtime: &'a tokio::runtime::Handle,
    /// Writes to send at commit: key → value (`None`: removed).
    pub(super) pending: BTreeMap<String, Option<Vec<u8>>>,
    /// The usage to record at commit.
    pub(super) new_usage: Option<KvUsage>,
    /// Whether the store's keys are watched: reads are then one view.
    watching: bool,
    /// Reads made so far.
    reads: usize,
    /// Set when a second read came without a watch: the call must start
    /// again, watching.
    pub(super) needs_watch: bool,
    /// Set when the connection failed or timed out: it cannot be reused.
    pub(super) broken: bool,
    /// The store's lock this transaction holds (its token), and when it
    /// was last renewed.
    lock: Option<(String, Instant)>,
}

impl<'a> RedisTx<'a> {
    pub(super) fn new(
        connection: &'a mut MultiplexedConnection,
        keys: &'a StoreKeys,
        store: &'a str,
        deadline: Instant,
        runtime: &'a tokio::runtime::Handle,
        watching: bool,
    ) -> Self {
        Self {
            connection,
            keys,
            store,
            deadline,
            runtime,
            pending: BTreeMap::new(),
            new_usage: None,
            watching,
            reads: 0,
            needs_watch: false,
            broken: false,
            lock: None,
        }
    }

    /// Notes that this transaction holds the store's lock with `token`:
    /// its commands renew it as they go.
    pub(super) fn hold_lock(&mut self, token: &str) {
        self.lock = Some((token.to_owned(), Instant::now()));
    }

    /// Whether this transaction took the store's lock.
    pub(super) fn holds_lock(&self) -> bool {
        self.lock.is_some()
    }

    /// Renews the lock if it is due.
    fn renew_lock(&mut self) {
        let Some((token, renewed)) = &self.lock else {
            return;
        };
        if renewed.elapsed() < super::lock::RENEW_EVERY {
            return;
        }
        let renew = redis::cmd("EVAL")
            .arg(super::lock::RENEW)
            .arg(1)
            .arg(&self.keys.lock)
            .arg(token)
            .arg(u64::try_from(super::lock::TTL.as_millis()).unwrap_or(u64::MAX))
            .clone();
        self.lock = self.lock.take().map(|(token, _)| (token, Instant::now()));
        // A lost lock shows at the commit, which then writes nothing.
        let sent = self.runtime.block_on(tokio::time::timeout_at(
            self.deadline.into(),
            renew.query_async::<i64>(self.connection),
        ));
        let _ = self.answer(sent);
    }

    /// The call's deadline.
    pub(super) fn deadline(&self) -> Instant {
        self.deadline
    }

    /// Waits `pause`, or until the deadline if it comes first.
    pub(super) fn sleep(&self, pause: std::time::Duration) {
        let until = (Instant::now() + pause).min(self.deadline);
        self.runtime
            .block_on(tokio::time::sleep_until(until.into()));
    }

    /// Sends `command` and reads its answer, no later than the deadline.
    pub(super) fn query<T: FromRedisValue>(&mut self, command: &redis::Cmd) -> Result<T, KvError> {
        self.renew_lock();
        let sent = self.runtime.block_on(tokio::time::timeout_at(
            self.deadline.into(),
            command.query_async::<T>(self.connection),
        ));
        self.answer(sent)
    }

    /// Sends `pipeline` and reads its answers, no later than the deadline.
    pub(super) fn query_pipeline<T: FromRedisValue>(
        &mut self,
        pipeline: &redis::Pipeline,
    ) -> Result<T, KvError> {
        self.renew_lock();
        let sent = self.runtime.block_on(tokio::time::timeout_at(
            self.deadline.into(),
            pipeline.query_async::<T>(self.connection),
        ));
        self.answer(sent)
    }

    fn answer<T>(
        &mut self,
        sent: Result<redis::RedisResult<T>, tokio::time::error::Elapsed>,
    ) -> Result<T, KvError> {
        match sent {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => {
                if breaks_connection(&e) {
                    self.broken = true;
                }
                Err(failure(self.store, &e))
            }
            Err(_) => {
                // An answer may still come: the connection is in an
                // unknown state.
                self.broken = true;
                Err(KvError::Deadline)
            }
        }
    }

    /// Counts a read; refuses a second one without a watch.
    fn read(&mut self) -> Result<(), KvError> {
        if !self.watching && self.reads >= 1 && self.pending.is_empty() {
            self.needs_watch = true;
            return Err(KvError::storage("(restarting the read, watching)"));
        }
        self.reads += 1;
        Ok(())
    }
}

/// Whether `e` leaves its connection unusable (it is then dropped, not
/// given back to the pool).
pub(super) fn breaks_connection(e: &redis::RedisError) -> bool {
    e.is_io_error() || e.is_connection_dropped() || e.is_unrecoverable_error()
}

/// Why no connection could be had, as the guest reads it.
pub(super) fn not_taken(store: &str, e: TakeError) -> KvError {
    match e {
        TakeError::Deadline => KvError::Deadline,
        TakeError::Redis(e) => failure(store, &e),
    }
}

/// A failure of Redis as the guest reads it: it names the store, never the
/// server's address or credentials.
pub(super) fn failure(store: &str, e: &redis::RedisError) -> KvError {
    let what = if e.is_io_error() || e.is_connection_refusal() || e.is_connection_dropped() {
        "Redis cannot be reached".to_owned()
    } else {
        format!("Redis failed: {e}")
    };
    KvError::storage(format!("the key-value store `{store}`: {what}"))
}

impl KvRead for RedisTx<'_> {
    fn value(&mut self, key: &str) -> Result<Option<Vec<u8>>, KvError> {
        if let Some(pending) = self.pending.get(key) {
            return Ok(pending.clone());
        }
        self.read()?;
        let data = self.keys.data.clone();
        self.query(redis::cmd("HGET").arg(data).arg(key))
    }

    fn value_len(&mut self, key: &str) -> Result<Option<u64>, KvError> {
        if let Some(pending) = self.pending.get(key) {
            return Ok(pending.as_ref().map(|v| v.len() as u64));
        }
        self.read()?;
        let data = self.keys.data.clone();
        let (exists, len): (bool, u64) = self.query_pipeline(
            redis::pipe()
                .cmd("HEXISTS")
                .arg(&data)
                .arg(key)
                .cmd("HSTRLEN")
                .arg(&data)
                .arg(key),
        )?;
        Ok(exists.then_some(len))
    }

    fn keys(&mut self, offset: usize, limit: usize) -> Result<Vec<String>, KvError> {
        self.read()?;
        // Pending writes change the listing: ask for enough to cover them.
        let extra = self.pending.len();
        let wanted = offset.saturating_add(limit).saturating_add(extra);
        let stop = i64::try_from(wanted).unwrap_or(i64::MAX).saturating_sub(1);
        let index = self.keys.index.clone();
        let stored: Vec<String> = if wanted == 0 {
            Vec::new()
        } else {
            let start = if extra == 0 {
                i64::try_from(offset).unwrap_or(i64::MAX)
            } else {
                0
            };
            self.query(redis::cmd("ZRANGE").arg(index).arg(start).arg(stop))?
        };
        if extra == 0 {
            return Ok(stored.into_iter().take(limit).collect());
        }
        let mut all: std::collections::BTreeSet<String> = stored.into_iter().collect();
        for (key, value) in &self.pending {
            match value {
                Some(_) => all.insert(key.clone()),
                None => all.remove(key),
            };
        }
        Ok(all.into_iter().skip(offset).take(limit).collect())
    }
}

impl KvWrite for RedisTx<'_> {
    fn put(&mut self, key: &str, value: &[u8]) -> Result<(), KvError> {
        self.pending.insert(key.to_owned(), Some(value.to_vec()));
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), KvError> {
        self.pending.insert(key.to_owned(), None);
        Ok(())
    }

    fn usage(&mut self) -> Result<KvUsage, KvError> {
        if let Some(usage) = self.new_usage {
            return Ok(usage);
        }
        self.read()?;
        let usage_key = self.keys.usage.clone();
        let (keys, bytes): (Option<u64>, Option<u64>) =
            self.query(redis::cmd("HMGET").arg(usage_key).arg("keys").arg("bytes"))?;
        Ok(KvUsage {
            keys: keys.unwrap_or(0),
            bytes: bytes.unwrap_or(0),
        })
    }

    fn record_usage(&mut self, usage: KvUsage) -> Result<(), KvError> {
        self.new_usage = Some(usage);
        Ok(())
    }
}
