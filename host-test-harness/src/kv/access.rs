//! [`KvAccess`]: which stores an app may open, and where their data is.

use std::sync::Arc;

use super::KvStore;
use super::storage::{DEFAULT_STORE, KvStorage};

/// Which stores a guest may open, and where their data is.
#[derive(Clone)]
pub(crate) struct KvAccess {
    storage: Arc<dyn KvStorage>,
    /// Stores besides the default one.
    stores: Arc<Vec<String>>,
}

impl KvAccess {
    pub(crate) fn new(storage: Arc<dyn KvStorage>, stores: Vec<String>) -> Self {
        Self {
            storage,
            stores: Arc::new(stores),
        }
    }

    /// The store `name`, with the contract's rules.
    pub(crate) fn store<'a>(&'a self, name: &'a str) -> KvStore<'a> {
        KvStore::new(&*self.storage, name)
    }

    /// The storage, to move onto a blocking thread.
    pub(crate) fn shared_storage(&self) -> Arc<dyn KvStorage> {
        self.storage.clone()
    }

    /// The store an identifier names: `""` and `default` are the default.
    pub(crate) fn resolve(&self, identifier: &str) -> Option<String> {
        if identifier.is_empty() || identifier == DEFAULT_STORE {
            Some(DEFAULT_STORE.to_owned())
        } else {
            self.stores.iter().find(|s| *s == identifier).cloned()
        }
    }
}
