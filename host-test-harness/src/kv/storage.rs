//! [`KvStorage`]: where a host keeps key-value data, and the errors it
//! gives.

use std::time::Instant;

use super::KvQuota;

/// The store every app has: opened as `default` or as the empty
/// identifier (how `wasmtime serve -S keyvalue` names its store).
pub const DEFAULT_STORE: &str = "default";

/// How many keys one `list-keys` page holds.
pub(crate) const PAGE_SIZE: usize = 100;

/// Why a storage call failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KvError {
    /// A message the guest sees: a quota, a value that is not a counter,
    /// the storage's own failure.
    Refused(String),
    /// The request's deadline passed before the call was done; nothing of
    /// it was written.
    Deadline,
}

impl KvError {
    /// A refusal with `message`.
    pub fn refused(message: impl Into<String>) -> Self {
        Self::Refused(message.into())
    }
}

/// Storage for a host's key-value stores: [`MemoryKv`](super::MemoryKv)
/// for tests, an SQLite file for `edge serve`.
///
/// Stores are named; the host has already checked that the guest may open
/// the store. Calls run on a blocking thread, never on the async workers;
/// a call given a `deadline` stops when it passes. Every write is all or
/// nothing: a batch refused by its quota, or stopped by its deadline,
/// leaves the store as it was.
pub trait KvStorage: Send + Sync {
    /// The values at `keys`, in order. Fails once the values read add up to
    /// more than `max_bytes`, before reading further, or when `deadline`
    /// passes.
    fn get_many(
        &self,
        store: &str,
        keys: &[String],
        max_bytes: usize,
        deadline: Instant,
    ) -> Result<Vec<Option<Vec<u8>>>, KvError>;
    /// Sets every pair, or none: within `quota`, before `deadline`.
    fn set_many(
        &self,
        store: &str,
        pairs: &[(String, Vec<u8>)],
        quota: &KvQuota,
        deadline: Instant,
    ) -> Result<(), KvError>;
    /// Removes every key (absent ones are no error), or none, before
    /// `deadline`.
    fn delete_many(&self, store: &str, keys: &[String], deadline: Instant) -> Result<(), KvError>;
    /// Keys in order, from position `offset`, at most `limit`; and whether
    /// more follow.
    fn keys(
        &self,
        store: &str,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<String>, bool), KvError>;
    /// Adds `delta` to the decimal number at `key` (0 if unset), within
    /// `quota`.
    fn increment(
        &self,
        store: &str,
        key: &str,
        delta: u64,
        quota: &KvQuota,
    ) -> Result<u64, KvError>;
}

/// The number a counter holds: decimal text, as `increment` writes it.
///
/// # Errors
///
/// A refusal naming `key` when the value is not a decimal number.
pub fn parse_counter(key: &str, bytes: &[u8]) -> Result<u64, KvError> {
    std::str::from_utf8(bytes)
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .ok_or_else(|| {
            KvError::refused(format!(
                "the value at `{key}` is not a decimal number, so it cannot be incremented"
            ))
        })
}

/// `current + delta`, or a refusal naming `key`.
///
/// # Errors
///
/// When the sum overflows a `u64`.
pub fn add_to_counter(key: &str, current: u64, delta: u64) -> Result<u64, KvError> {
    current
        .checked_add(delta)
        .ok_or_else(|| KvError::refused(format!("incrementing `{key}` would overflow a u64")))
}
