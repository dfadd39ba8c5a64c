//! [`KvStore`]: the key-value contract. Every rule of a call (quotas and
//! usage, counters, all-or-nothing batches, deadlines) is written here
//! once, over the primitives any [`KvStorage`] gives.

use std::time::Instant;

use super::read_budget::ReadBudget;
use super::storage::{KvRead, KvStorage, KvWrite};
use super::{KvError, KvQuota, counter};

/// One named store of a [`KvStorage`], and the calls a guest makes on it:
/// the only way the host reads or writes key-value data.
///
/// Every call is bounded by its `deadline`: it waits for the storage no
/// longer, checks the deadline again before each key, and a write commits
/// only in time. A write is all or nothing: refused by a quota, stopped by
/// its deadline or failed, it leaves the store as it was.
///
/// ```
/// use std::time::{Duration, Instant};
/// use edge_harness::kv::{KvError, KvQuota, KvStore, MemoryKv, QuotaError};
///
/// let storage = MemoryKv::default();
/// let store = KvStore::new(&storage, "default");
/// let deadline = Instant::now() + Duration::from_secs(1);
/// let quota = KvQuota { max_keys: 1, ..KvQuota::unlimited() };
/// assert_eq!(store.increment("visits", 2, &quota, deadline), Ok(2));
/// let pairs = [("other".to_owned(), b"v".to_vec())];
/// assert_eq!(
///     store.set_many(&pairs, &quota, deadline),
///     Err(KvError::Quota(QuotaError::TooManyKeys { store: "default".into(), keys: 2, max: 1 }))
/// );
/// assert_eq!(store.keys(0, 10, deadline), Ok((vec!["visits".to_owned()], false)));
/// ```
#[derive(Clone, Copy)]
pub struct KvStore<'a> {
    storage: &'a dyn KvStorage,
    name: &'a str,
    at_once: bool,
}

impl<'a> KvStore<'a> {
    /// The store `name` of `storage`.
    pub fn new(storage: &'a dyn KvStorage, name: &'a str) -> Self {
        Self {
            storage,
            name,
            at_once: false,
        }
    }

    /// This store, for calls made on an async worker: each runs only if
    /// the storage can run it at once
    /// ([`KvStorage::read_at_once`]), and fails with
    /// [`KvError::NotAtOnce`], having done nothing, if it cannot.
    #[must_use]
    pub fn at_once(self) -> Self {
        Self {
            at_once: true,
            ..self
        }
    }

    /// The values at `keys`, in order.
    ///
    /// # Errors
    ///
    /// [`QuotaError::ReadTooLarge`](super::QuotaError::ReadTooLarge) as soon
    /// as the values read add up to more than `max_bytes`, before reading
    /// further; the deadline; the storage's failure.
    pub fn get_many(
        &self,
        keys: &[String],
        max_bytes: usize,
        deadline: Instant,
    ) -> Result<Vec<Option<Vec<u8>>>, KvError> {
        self.read(deadline, |view| {
            let mut budget = ReadBudget::new(max_bytes);
            keys.iter()
                .map(|key| {
                    in_time(deadline)?;
                    let value = view.value(key)?;
                    budget.take(value.as_deref())?;
                    Ok(value)
                })
                .collect()
        })
    }

    /// Keys in order, from position `offset`, at most `limit`; and whether
    /// more follow.
    ///
    /// # Errors
    ///
    /// The deadline (a listing that runs past it stops); the storage's
    /// failure.
    pub fn keys(
        &self,
        offset: usize,
        limit: usize,
        deadline: Instant,
    ) -> Result<(Vec<String>, bool), KvError> {
        self.read(deadline, |view| {
            // One more than asked tells whether another page follows.
            let mut keys = view.keys(offset, limit.saturating_add(1))?;
            let more = keys.len() > limit;
            keys.truncate(limit);
            Ok((keys, more))
        })
    }

    /// Sets every pair, or none.
    ///
    /// # Errors
    ///
    /// A [`QuotaError`](super::QuotaError) when a value, or the store after
    /// the batch, would break `quota`; the deadline; the storage's failure.
    pub fn set_many(
        &self,
        pairs: &[(String, Vec<u8>)],
        quota: &KvQuota,
        deadline: Instant,
    ) -> Result<(), KvError> {
        quota.check_values(pairs)?;
        self.write(deadline, |tx| {
            let mut usage = tx.usage()?;
            for (key, value) in pairs {
                in_time(deadline)?;
                let old = tx.value_len(key)?;
                tx.put(key, value)?;
                usage = usage.replacing(key, old, Some(value.len() as u64));
            }
            quota.check_usage(self.name, usage)?;
            tx.record_usage(usage)
        })
    }

    /// Removes every key (absent ones are no error), or none.
    ///
    /// # Errors
    ///
    /// The deadline; the storage's failure.
    pub fn delete_many(&self, keys: &[String], deadline: Instant) -> Result<(), KvError> {
        self.write(deadline, |tx| {
            let mut usage = tx.usage()?;
            for key in keys {
                in_time(deadline)?;
                let old = tx.value_len(key)?;
                if old.is_some() {
                    tx.remove(key)?;
                    usage = usage.replacing(key, old, None);
                }
            }
            tx.record_usage(usage)
        })
    }

    /// Adds `delta` to the counter at `key` (0 if unset): decimal text, as
    /// this writes it. Returns the new count.
    ///
    /// # Errors
    ///
    /// [`KvError::NotACounter`], [`KvError::CounterOverflow`], a
    /// [`QuotaError`](super::QuotaError) when the store would break
    /// `quota`; the deadline; the storage's failure.
    pub fn increment(
        &self,
        key: &str,
        delta: u64,
        quota: &KvQuota,
        deadline: Instant,
    ) -> Result<u64, KvError> {
        self.write(deadline, |tx| {
            let stored = tx.value(key)?;
            let next = counter::add(key, counter::parse(key, stored.as_deref())?, delta)?;
            let text = next.to_string();
            let old = stored.map(|v| v.len() as u64);
            let usage = tx.usage()?.replacing(key, old, Some(text.len() as u64));
            quota.check_usage(self.name, usage)?;
            tx.put(key, text.as_bytes())?;
            tx.record_usage(usage)?;
            Ok(next)
        })
    }

    /// Runs `work` on a view of the store, in time.
    fn read<R>(
        &self,
        deadline: Instant,
        mut work: impl FnMut(&mut dyn KvRead) -> Result<R, KvError>,
    ) -> Result<R, KvError> {
        in_time(deadline)?;
        let mut done = None;
        let mut step = |view: &mut dyn KvRead| {
            done = Some(work(view)?);
            in_time(deadline)
        };
        let result = if self.at_once {
            self.storage
                .read_at_once(self.name, deadline, &mut step)
                .unwrap_or(Err(KvError::NotAtOnce))
        } else {
            self.storage.read(self.name, deadline, &mut step)
        };
        finish(result, done, deadline)
    }

    /// Runs `work` in a write transaction, committed only if it succeeds
    /// in time.
    fn write<R>(
        &self,
        deadline: Instant,
        mut work: impl FnMut(&mut dyn KvWrite) -> Result<R, KvError>,
    ) -> Result<R, KvError> {
        in_time(deadline)?;
        let mut done = None;
        let mut step = |tx: &mut dyn KvWrite| {
            done = Some(work(tx)?);
            in_time(deadline)
        };
        let result = if self.at_once {
            self.storage
                .write_at_once(self.name, deadline, &mut step)
                .unwrap_or(Err(KvError::NotAtOnce))
        } else {
            self.storage.write(self.name, deadline, &mut step)
        };
        finish(result, done, deadline)
    }
}

/// Refuses to go on once `deadline` has passed.
fn in_time(deadline: Instant) -> Result<(), KvError> {
    if Instant::now() >= deadline {
        return Err(KvError::Deadline);
    }
    Ok(())
}

/// What a call answers once the storage is done: a failure of the storage
/// after the deadline (a statement interrupted, a lock that stayed taken)
/// is the deadline.
fn finish<R>(
    result: Result<(), KvError>,
    done: Option<R>,
    deadline: Instant,
) -> Result<R, KvError> {
    match result {
        Ok(()) => done.ok_or_else(|| KvError::storage("the key-value storage skipped the call")),
        Err(KvError::Storage(_)) if Instant::now() >= deadline => Err(KvError::Deadline),
        Err(e) => Err(e),
    }
}
