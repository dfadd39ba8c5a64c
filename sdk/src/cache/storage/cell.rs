//! [`StoreCell`]: a cache's store, opened on first use.
//!
//! Layer 2 (store calls only): imports the store, its capacity and the
//! store-error log line.

use std::cell::OnceCell;
use std::fmt;

use super::capacity::Capacity;
use super::log::log_store_error;
use super::store::CacheStore;
use crate::kv::KvError;

/// A cache's store, opened on first use: a cache that is never used in a
/// request costs no host call.
#[derive(Clone)]
pub(crate) struct StoreCell {
    name: String,
    capacity: Capacity,
    cell: OnceCell<Option<CacheStore>>,
}

impl StoreCell {
    pub(crate) fn new(name: String, capacity: Capacity) -> Self {
        Self {
            name,
            capacity,
            cell: OnceCell::new(),
        }
    }

    pub(crate) fn set_name(&mut self, name: String) {
        self.name = name;
        self.cell = OnceCell::new();
    }

    pub(crate) fn capacity_mut(&mut self) -> &mut Capacity {
        self.cell = OnceCell::new();
        &mut self.capacity
    }

    /// The store, or `None` (said once on stderr) if it cannot be opened:
    /// the cache then answers as if it were empty.
    pub(crate) fn get(&self) -> Option<&CacheStore> {
        self.cell
            .get_or_init(|| match CacheStore::open(&self.name, self.capacity) {
                Ok(store) => Some(store),
                Err(e) => {
                    log_store_error("opening the cache's store", &e);
                    None
                }
            })
            .as_ref()
    }

    /// The store, or why it cannot be opened: for calls that must not
    /// pretend (purges, explicit writes).
    pub(crate) fn require(&self) -> Result<CacheStore, KvError> {
        match self.cell.get() {
            Some(Some(store)) => Ok(store.clone()),
            _ => CacheStore::open(&self.name, self.capacity),
        }
    }
}

impl fmt::Debug for StoreCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("name", &self.name)
            .field("capacity", &self.capacity)
            .finish()
    }
}
