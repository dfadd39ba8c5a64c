//! Layer 2 of the cache: store calls only. The thin wrapper over
//! [`crate::kv`] that reads and writes layer 1's records: heads, chunk
//! deletions, tags' purge generations, leases, and the store opened on
//! first use.
//! Imports layer 1 only.

pub(super) mod capacity;
pub(super) mod cell;
pub(super) mod generations;
pub(super) mod lease;
pub(super) mod log;
pub(super) mod store;
