//! [`KvStorage`]: where a host keeps key-value data.

/// The store every app has: opened as `default` or as the empty
/// identifier (how `wasmtime serve -S keyvalue` names its store).
pub const DEFAULT_STORE: &str = "default";

/// How many keys one `list-keys` page holds.
pub(crate) const PAGE_SIZE: usize = 100;

/// Storage for a host's key-value stores: [`MemoryKv`](super::MemoryKv)
/// for tests, an SQLite file for `edge serve`. Stores are named; the host
/// has already checked that the guest may open the store. An `Err` is a
/// message the guest sees.
pub trait KvStorage: Send + Sync {
    /// The value at `key`, if any.
    fn get(&self, store: &str, key: &str) -> Result<Option<Vec<u8>>, String>;
    /// Sets `key` to `value`.
    fn set(&self, store: &str, key: &str, value: &[u8]) -> Result<(), String>;
    /// Removes `key`; no error if it is absent.
    fn delete(&self, store: &str, key: &str) -> Result<(), String>;
    /// Keys in order, from position `offset`, at most `limit`; and whether
    /// more follow.
    fn keys(&self, store: &str, offset: usize, limit: usize)
    -> Result<(Vec<String>, bool), String>;
    /// Adds `delta` to the decimal number at `key` (0 if unset).
    fn increment(&self, store: &str, key: &str, delta: u64) -> Result<u64, String>;
}

/// The number a counter holds: decimal text, as `increment` writes it.
///
/// # Errors
///
/// A message naming `key` when the value is not a decimal number.
pub fn parse_counter(key: &str, bytes: &[u8]) -> Result<u64, String> {
    std::str::from_utf8(bytes)
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .ok_or_else(|| {
            format!("the value at `{key}` is not a decimal number, so it cannot be incremented")
        })
}
