//! Key-value stores: where the data is ([`KvStorage`], [`MemoryKv`]),
//! which stores an app may open, and the `wasi:keyvalue` host functions.

mod access;
mod memory;
mod storage;
pub(crate) mod wasi_keyvalue;

pub(crate) use access::KvAccess;
pub use memory::MemoryKv;
pub(crate) use storage::PAGE_SIZE;
pub use storage::{DEFAULT_STORE, KvStorage, parse_counter};
pub(crate) use wasi_keyvalue::KvView;
