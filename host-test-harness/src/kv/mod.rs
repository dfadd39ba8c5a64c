//! Key-value stores: the contract every call keeps ([`KvStore`]), the
//! storage it is written over ([`KvStorage`], [`MemoryKv`]), which stores
//! an app may open, and the `wasi:keyvalue` host functions.
//!
//! | module | what it is |
//! |---|---|
//! | `store` | [`KvStore`]: quotas, usage, counters, all-or-nothing batches, deadlines; written once |
//! | `storage` | [`KvStorage`], [`KvRead`], [`KvWrite`]: the primitives a storage gives the contract |
//! | `memory` | [`MemoryKv`]: a storage in memory |
//! | `deadline_lock` | [`DeadlineLock`]: waits for a storage's turn that end at the deadline |
//! | `quota`, `usage`, `read_budget` | [`KvQuota`], [`KvUsage`], one call's read limit |
//! | `error`, `quota_error` | [`KvError`], [`QuotaError`] |

mod access;
mod counter;
mod deadline_lock;
mod error;
mod memory;
mod quota;
mod quota_error;
mod read_budget;
mod storage;
mod store;
#[cfg(test)]
mod tests;
mod usage;
pub(crate) mod wasi_keyvalue;

pub(crate) use access::KvAccess;
pub use deadline_lock::{DeadlineGuard, DeadlineLock};
pub use error::KvError;
pub use memory::MemoryKv;
pub use quota::KvQuota;
pub use quota_error::QuotaError;
pub(crate) use storage::PAGE_SIZE;
pub use storage::{DEFAULT_STORE, KvFuture, KvRead, KvStorage, KvWrite, ReadWork, WriteWork};
pub use store::KvStore;
pub use usage::KvUsage;
pub(crate) use wasi_keyvalue::KvView;
