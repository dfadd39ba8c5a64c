//! [`KvStorage`]: the few primitives a place that keeps key-value data
//! gives the contract ([`KvStore`](super::KvStore)), which is written
//! once over them.

use std::pin::Pin;
use std::time::Instant;

use super::{KvError, KvUsage};

/// The store every app has: opened as `default` or as the empty
/// identifier (how `wasmtime serve -S keyvalue` names its store).
pub const DEFAULT_STORE: &str = "default";

/// How many keys one `list-keys` page holds.
pub(crate) const PAGE_SIZE: usize = 100;

/// What a read may ask of a store's data.
pub type ReadWork<'a> = dyn FnMut(&mut dyn KvRead) -> Result<(), KvError> + 'a;

/// What a write may ask of a store's data.
pub type WriteWork<'a> = dyn FnMut(&mut dyn KvWrite) -> Result<(), KvError> + 'a;

/// A storage's answer that waits on a server, not on a thread: see
/// [`KvStorage::values_async`].
pub type KvFuture<T> = Pin<Box<dyn Future<Output = Result<T, KvError>> + Send + 'static>>;

/// Where a host keeps key-value data: [`MemoryKv`](super::MemoryKv) for
/// tests, an SQLite file for `edge serve`.
///
/// A storage gives transactions over named stores and nothing more: it
/// knows no quota, no counter, no batch. The rules of every call (quotas
/// and usage, counters, all-or-nothing batches, deadlines between steps)
/// are [`KvStore`](super::KvStore)'s, written once for every storage. What
/// a storage owes them:
///
/// - **Isolation.** [`read`](Self::read) and [`write`](Self::write) run
///   `work` on one consistent view of the store, and no other call changes
///   the store while `work` runs (across processes too, for a shared file).
/// - **All or nothing.** `write` keeps what `work` did only when `work`
///   returns `Ok`; on `Err`, or if the storage fails to commit, none of it.
/// - **Deadlines.** Waiting for a turn (another call, another process's
///   lock) ends once `deadline` passes, and so does any single step that
///   could run long (a scan past a huge offset): the call fails with
///   [`KvError::Deadline`], or with a [`KvError::Storage`] failure, which
///   the contract reports as the deadline when it comes after it. Use
///   [`DeadlineLock`](super::DeadlineLock) for the waits.
/// - **Usage.** [`KvWrite::usage`] is what [`KvWrite::record_usage`] last
///   recorded for the store, kept in the same transaction as the writes.
///
/// `work` is run once, or again from the start if the storage retries a
/// transaction. Calls come on blocking threads, never on the async
/// workers, except those of [`read_at_once`](Self::read_at_once) and
/// [`write_at_once`](Self::write_at_once) (and the futures of
/// [`values_async`](Self::values_async), which must not block).
pub trait KvStorage: Send + Sync {
    /// Runs `work` on a read-only view of `store`, waiting for it no later
    /// than `deadline`.
    ///
    /// # Errors
    ///
    /// `work`'s error, [`KvError::Deadline`], or the storage's failure.
    fn read(&self, store: &str, deadline: Instant, work: &mut ReadWork<'_>) -> Result<(), KvError>;

    /// Runs `work` in a write transaction of `store`, waiting for it no
    /// later than `deadline`, and commits it only if `work` succeeds.
    ///
    /// # Errors
    ///
    /// `work`'s error, [`KvError::Deadline`], or the storage's failure;
    /// nothing of `work` is kept.
    fn write(
        &self,
        store: &str,
        deadline: Instant,
        work: &mut WriteWork<'_>,
    ) -> Result<(), KvError>;

    /// [`read`](Self::read), on an async worker: only if the storage can
    /// run `work` at once, from memory, without waiting for anything (no
    /// lock held by another call, no I/O). `None` when it cannot, without
    /// running `work`; the call then goes to a blocking thread. Small
    /// calls (one key, a few small values) come here first. The default:
    /// never.
    fn read_at_once(
        &self,
        store: &str,
        deadline: Instant,
        work: &mut ReadWork<'_>,
    ) -> Option<Result<(), KvError>> {
        let _ = (store, deadline, work);
        None
    }

    /// [`write`](Self::write), as [`read_at_once`](Self::read_at_once)
    /// says.
    fn write_at_once(
        &self,
        store: &str,
        deadline: Instant,
        work: &mut WriteWork<'_>,
    ) -> Option<Result<(), KvError>> {
        let _ = (store, deadline, work);
        None
    }

    /// The values at `keys`, in order, read in one consistent step, as a
    /// future run on the async worker: for a storage that waits on a
    /// server (a network round trip) rather than on a thread, so that a
    /// small read costs that round trip and no thread hop. Values that add
    /// up to more than `max_bytes` must be refused with
    /// [`QuotaError::ReadTooLarge`](super::QuotaError::ReadTooLarge)
    /// before they are sent; the future need not stop at `deadline` (the
    /// caller drops it then). Small reads that
    /// [`read_at_once`](Self::read_at_once) cannot answer come here next.
    /// The default: not offered (`None`), and the read goes to a blocking
    /// thread.
    fn values_async(
        &self,
        store: &str,
        keys: &[String],
        max_bytes: usize,
        deadline: Instant,
    ) -> Option<KvFuture<Vec<Option<Vec<u8>>>>> {
        let _ = (store, keys, max_bytes, deadline);
        None
    }
}

/// The reads of a transaction on one store.
pub trait KvRead {
    /// The value at `key`.
    ///
    /// # Errors
    ///
    /// The storage's failure, or the deadline.
    fn value(&mut self, key: &str) -> Result<Option<Vec<u8>>, KvError>;

    /// The length of the value at `key`, without reading it.
    ///
    /// # Errors
    ///
    /// The storage's failure, or the deadline.
    fn value_len(&mut self, key: &str) -> Result<Option<u64>, KvError>;

    /// At most `limit` keys in order, from position `offset` (0: the
    /// first).
    ///
    /// # Errors
    ///
    /// The storage's failure, or the deadline.
    fn keys(&mut self, offset: usize, limit: usize) -> Result<Vec<String>, KvError>;
}

/// The writes of a transaction on one store; they show in its reads at
/// once, and in other calls only once it commits.
pub trait KvWrite: KvRead {
    /// Sets `key` to `value`.
    ///
    /// # Errors
    ///
    /// The storage's failure, or the deadline.
    fn put(&mut self, key: &str, value: &[u8]) -> Result<(), KvError>;

    /// Removes `key` (absent: nothing to do).
    ///
    /// # Errors
    ///
    /// The storage's failure, or the deadline.
    fn remove(&mut self, key: &str) -> Result<(), KvError>;

    /// What the store holds, as last recorded (nothing recorded: empty).
    ///
    /// # Errors
    ///
    /// The storage's failure, or the deadline.
    fn usage(&mut self) -> Result<KvUsage, KvError>;

    /// Records what the store holds once this transaction commits.
    ///
    /// # Errors
    ///
    /// The storage's failure, or the deadline.
    fn record_usage(&mut self, usage: KvUsage) -> Result<(), KvError>;
}
