//! [`CacheStore`]: the key-value store under both caches, and the calls
//! that read and write its heads and delete its chunks.
//!
//! Layer 2 (store calls only): imports layer 1 and the capacity.

use std::rc::Rc;

use super::capacity::Capacity;
use crate::cache::encoding::head::Head;
use crate::cache::encoding::keys;
use crate::kv::{KvError, Store};

/// The store both caches write to; cheap to clone (one open store).
#[derive(Clone)]
pub(crate) struct CacheStore {
    inner: Rc<Inner>,
}

struct Inner {
    kv: Store,
    capacity: Capacity,
}

impl CacheStore {
    /// Opens store `name` (`""`: the host's default store) with rings of
    /// `capacity`.
    pub(crate) fn open(name: &str, capacity: Capacity) -> Result<Self, KvError> {
        let capacity = Capacity {
            entries: capacity.entries.max(1),
            chunks: capacity.chunks.max(1),
        };
        Ok(Self {
            inner: Rc::new(Inner {
                kv: Store::open(name)?,
                capacity,
            }),
        })
    }

    pub(crate) fn kv(&self) -> &Store {
        &self.inner.kv
    }

    pub(crate) fn capacity(&self) -> Capacity {
        self.inner.capacity
    }

    /// The head at `key`; anything unreadable counts as absent.
    pub(crate) fn head(&self, key: &str) -> Result<Option<Head>, KvError> {
        Ok(self.kv().get(key)?.and_then(Head::decode))
    }

    pub(crate) fn put_head(&self, key: &str, head: &Head) -> Result<(), KvError> {
        self.kv().set(key, head.encode())
    }

    /// The head at `key` and the purge epoch, in one read.
    pub(crate) fn head_and_epoch(&self, key: &str) -> Result<(Option<Head>, Vec<u8>), KvError> {
        let mut found = self.kv().get_many(&[key, keys::PURGES])?.into_iter();
        let head = found.next().flatten().and_then(Head::decode);
        Ok((head, found.next().flatten().unwrap_or_default()))
    }

    /// Deletes the chunk keys write `version` may have written.
    pub(crate) fn delete_chunks(&self, version: u64, max_chunks: u32) -> Result<(), KvError> {
        if max_chunks == 0 {
            return Ok(());
        }
        let keys: Vec<String> = (0..max_chunks).map(|i| keys::chunk(version, i)).collect();
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        self.kv().delete_many(&refs)
    }
}
