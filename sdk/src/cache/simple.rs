//! A cache for values the app computes: get-or-insert with a time to live.
//!
//! ```
//! use std::time::Duration;
//! use edge::cache::simple;
//!
//! let source = "# Hello";
//! let key = format!("render/{}", edge::cache::hash(source.as_bytes()));
//! let html = simple::get_or_insert_with(&key, Duration::from_secs(3600), || {
//!     format!("<h1>{}</h1>", &source[2..]) // the expensive part, skipped on a hit
//! });
//! assert_eq!(&html[..], b"<h1>Hello</h1>");
//! ```
//!
//! (This example runs natively too: without a host there is no store, so
//! the cache says so on stderr and every call computes its value.)
//!
//! Values live in the same store and the same bounded ring as the HTTP
//! cache's entries (see [the module docs](crate::cache)), in chunks when
//! they are large. Keys are compared whole: two keys never share a value,
//! whatever their hashes.
//
// Layer 5 (the simple cache): imports the public error, and layers 1 to 3.

use std::time::Duration;

use bytes::Bytes;

use super::encoding::keys;
use super::encoding::time::now_ms;
use super::entries::live;
use super::entries::reader::read_whole;
use super::entries::writer::{EntryWriter, Finish};
use super::error::CacheError;
use super::storage::capacity::Capacity;
use super::storage::cell::StoreCell;
use super::storage::log::log_store_error;
use crate::kv::KvError;

/// The value stored under `key` in the default store, or `make()`'s,
/// then stored for `ttl`. See [`SimpleCache::get_or_insert_with`].
pub fn get_or_insert_with<T: Into<Bytes>>(
    key: &str,
    ttl: Duration,
    make: impl FnOnce() -> T,
) -> Bytes {
    SimpleCache::new().get_or_insert_with(key, ttl, make)
}

/// The value stored under `key` in the default store, if any and not
/// expired. See [`SimpleCache::get`].
pub fn get(key: &str) -> Option<Bytes> {
    SimpleCache::new().get(key)
}

/// Stores `value` under `key` in the default store for `ttl`. See
/// [`SimpleCache::insert`].
pub fn insert(key: &str, value: impl Into<Bytes>, ttl: Duration) -> Result<(), CacheError> {
    SimpleCache::new().insert(key, value, ttl)
}

/// Removes `key` from the default store. See [`SimpleCache::remove`].
pub fn remove(key: &str) -> Result<(), CacheError> {
    SimpleCache::new().remove(key)
}

/// A cache of values by key, each with its own time to live, in a
/// `wasi:keyvalue` store.
///
/// Reads never fail: if the store cannot be used, a read finds nothing and
/// says why on stderr, so a cache problem slows an app down but never
/// breaks it.
#[derive(Debug)]
pub struct SimpleCache {
    store: StoreCell,
    max_value: u64,
}

impl Default for SimpleCache {
    fn default() -> Self {
        Self::new()
    }
}

impl SimpleCache {
    /// A cache in the host's default store (`""`), values up to 4 MiB.
    pub fn new() -> Self {
        Self {
            store: StoreCell::new(String::new(), Capacity::default()),
            max_value: 4 << 20,
        }
    }

    /// Keeps the values in key-value store `name` instead.
    pub fn store(mut self, name: impl Into<String>) -> Self {
        self.store.set_name(name.into());
        self
    }

    /// The most entries kept: see [`HttpCache::max_entries`](crate::cache::HttpCache::max_entries).
    /// Both caches share the store's rings: give them the same sizes.
    pub fn max_entries(mut self, entries: u32) -> Self {
        self.store.capacity_mut().entries = u64::from(entries);
        self
    }

    /// The most bytes of long values kept: see
    /// [`HttpCache::max_chunk_bytes`](crate::cache::HttpCache::max_chunk_bytes).
    pub fn max_chunk_bytes(mut self, bytes: u64) -> Self {
        self.store.capacity_mut().chunks = Capacity::chunks_for(bytes);
        self
    }

    /// Values longer than `bytes` (default 4 MiB) are not stored.
    pub fn max_value(mut self, bytes: u64) -> Self {
        self.max_value = bytes;
        self
    }

    /// The value under `key`, if one is stored and its time to live has
    /// not passed.
    pub fn get(&self, key: &str) -> Option<Bytes> {
        let store = self.store.get()?;
        let head_key = keys::simple(key);
        let found = (|| -> Result<Option<Bytes>, KvError> {
            let Some(entry) = live::read(store, &head_key, now_ms())? else {
                return Ok(None);
            };
            if entry.meta != key.as_bytes() {
                return Ok(None);
            }
            read_whole(store, &entry)
        })();
        found
            .map_err(|e| log_store_error("reading the simple cache", &e))
            .ok()
            .flatten()
    }

    /// Stores `value` under `key` for `ttl`, replacing what was there. A
    /// value over [`max_value`](SimpleCache::max_value) is not stored (and
    /// what was there is removed).
    pub fn insert(
        &self,
        key: &str,
        value: impl Into<Bytes>,
        ttl: Duration,
    ) -> Result<(), CacheError> {
        let store = self.store.require()?;
        let value = value.into();
        let head_key = keys::simple(key);
        let now = now_ms();
        if value.len() as u64 > self.max_value || ttl.is_zero() {
            return Ok(store.kv().delete(&head_key)?);
        }
        let place = |_| (head_key.clone(), None);
        let Some(mut writer) = EntryWriter::begin(&store, value.len() as u64, true, now, place)?
        else {
            return Ok(store.kv().delete(&head_key)?);
        };
        writer.write(&value)?;
        let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX);
        writer.finish(Finish {
            lease: None,
            retain_until: now.saturating_add(ttl_ms),
            tags: Vec::new(),
            epoch: Vec::new(),
            meta: key.as_bytes().to_vec(),
            marker: None,
        })?;
        Ok(())
    }

    /// The value under `key`; on a miss, `make()`'s, stored for `ttl`
    /// (a failure to store it is said on stderr, and the value returned
    /// all the same).
    pub fn get_or_insert_with<T: Into<Bytes>>(
        &self,
        key: &str,
        ttl: Duration,
        make: impl FnOnce() -> T,
    ) -> Bytes {
        if let Some(value) = self.get(key) {
            return value;
        }
        let value = make().into();
        if self.store.get().is_some()
            && let Err(e) = self.insert(key, value.clone(), ttl)
        {
            eprintln!("edge::cache: storing `{key}` in the simple cache: {e}");
        }
        value
    }

    /// Removes `key`; removing a missing key is not an error.
    pub fn remove(&self, key: &str) -> Result<(), CacheError> {
        Ok(self.store.require()?.kv().delete(&keys::simple(key))?)
    }
}
