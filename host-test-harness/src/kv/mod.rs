//! Key-value stores: where the data is ([`KvStorage`], [`MemoryKv`]),
//! which stores an app may open, and the `wasi:keyvalue` host functions.

mod access;
mod memory;
mod quota;
mod storage;
pub(crate) mod wasi_keyvalue;

pub(crate) use access::KvAccess;
pub use memory::MemoryKv;
pub use quota::{KvQuota, KvUsage, ReadBudget};
pub(crate) use storage::PAGE_SIZE;
pub use storage::{DEFAULT_STORE, KvError, KvStorage, add_to_counter, parse_counter};
pub(crate) use wasi_keyvalue::KvView;
