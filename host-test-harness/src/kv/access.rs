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

    /// The store an identifier names: `""` and `default` are the default, a
    /// store given by that name is itself; else `NAME/STORE` is a composed
    /// plugin's own copy of a store the app may open (its filter names
    /// every store it opens so).
    pub(crate) fn resolve(&self, identifier: &str) -> Option<String> {
        // A store given by that very name first (an operator may name one
        // with a `/`).
        if let Some(own) = self.resolve_own(identifier) {
            return Some(own);
        }
        if let Some((plugin, store)) = identifier.split_once('/') {
            let named = !plugin.is_empty()
                && plugin
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-');
            return named
                .then(|| self.resolve_own(store))
                .flatten()
                .map(|store| format!("{plugin}/{store}"));
        }
        None
    }

    /// A store of the app's own: the default, or one it was given.
    fn resolve_own(&self, identifier: &str) -> Option<String> {
        if identifier.is_empty() || identifier == DEFAULT_STORE {
            Some(DEFAULT_STORE.to_owned())
        } else {
            self.stores.iter().find(|s| *s == identifier).cloned()
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::KvAccess;
    use crate::kv::memory::MemoryKv;

    #[test]
    fn a_plugins_copy_of_a_store_is_named_after_it_and_only_for_the_apps_stores() {
        let access = KvAccess::new(Arc::new(MemoryKv::default()), vec!["sessions".to_owned()]);
        let resolve = |identifier: &str| access.resolve(identifier);
        assert_eq!(resolve("").as_deref(), Some("default"));
        assert_eq!(resolve("sessions").as_deref(), Some("sessions"));
        assert_eq!(resolve("probe/").as_deref(), Some("probe/default"));
        assert_eq!(resolve("probe/default").as_deref(), Some("probe/default"));
        assert_eq!(
            resolve("rate-limit/sessions").as_deref(),
            Some("rate-limit/sessions")
        );
        // Nothing the app was not given, and no name that is not a plugin's.
        for refused in [
            "other",
            "probe/other",
            "probe/sessions/x",
            "/sessions",
            "../sessions",
            "a b/",
            "ü/",
        ] {
            assert_eq!(resolve(refused), None, "{refused}");
        }
    }
}
