//! [`Lease`]: a key held in the store until its holder lets it go: the
//! key is deleted when the lease is dropped, whatever way its holder's
//! work ended (done, given up, or the body that was being stored failed).

use super::store::CacheStore;

/// A key the holder deletes when it is done.
pub(crate) struct Lease {
    store: CacheStore,
    key: String,
}

impl Lease {
    /// Holds `key` (already written by whoever made it a lease).
    pub(crate) fn new(store: &CacheStore, key: String) -> Self {
        Self {
            store: store.clone(),
            key,
        }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        // A lease left behind (the store failed) lapses on its own: its
        // key names its period.
        let _ = self.store.kv().delete(&self.key);
    }
}
