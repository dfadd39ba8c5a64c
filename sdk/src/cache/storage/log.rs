//! [`log_store_error`]: the line a cache writes on stderr when it cannot
//! use its store.
//!
//! Layer 2 (store calls only): imports nothing of the cache.

use crate::kv::KvError;

/// Says on stderr that the cache could not use its store; the request goes
/// on as if the cache were empty.
pub(crate) fn log_store_error(doing: &str, error: &KvError) {
    eprintln!("edge::cache: {doing}: {error}; going on without the cache");
}
