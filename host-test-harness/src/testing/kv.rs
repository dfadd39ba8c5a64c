//! [`TestKv`]: a TestApp's key-value store, seen from the test.

use std::time::{Duration, Instant};

use crate::kv::{KvAccess, KvQuota, PAGE_SIZE};

/// One of a [`TestApp`](crate::TestApp)'s stores, to seed before requests
/// and to check after them. The app sees the same data.
pub struct TestKv<'a> {
    pub(crate) access: &'a KvAccess,
    pub(crate) store: String,
}

impl TestKv<'_> {
    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<Vec<u8>> {
        self.access
            .store(&self.store)
            .get_many(&[key.to_owned()], usize::MAX, far_future())
            .unwrap_or_else(|e| panic!("reading `{key}` from store `{}`: {e:?}", self.store))
            .remove(0)
    }

    /// The value of `key` as text.
    pub fn get_text(&self, key: &str) -> Option<String> {
        self.get(key)
            .map(|v| String::from_utf8_lossy(&v).into_owned())
    }

    /// Sets `key` to `value`.
    pub fn set(&self, key: &str, value: impl AsRef<[u8]>) {
        let pair = [(key.to_owned(), value.as_ref().to_vec())];
        self.access
            .store(&self.store)
            .set_many(&pair, &KvQuota::unlimited(), far_future())
            .unwrap_or_else(|e| panic!("writing `{key}` to store `{}`: {e:?}", self.store));
    }

    /// Deletes `key`.
    pub fn delete(&self, key: &str) {
        self.access
            .store(&self.store)
            .delete_many(&[key.to_owned()], far_future())
            .unwrap_or_else(|e| panic!("deleting `{key}` from store `{}`: {e:?}", self.store));
    }

    /// Every key, in order.
    pub fn keys(&self) -> Vec<String> {
        let mut all = Vec::new();
        loop {
            let (page, more) = self
                .access
                .store(&self.store)
                .keys(all.len(), PAGE_SIZE, far_future())
                .unwrap_or_else(|e| panic!("listing store `{}`: {e:?}", self.store));
            all.extend(page);
            if !more {
                return all;
            }
        }
    }
}

/// A deadline a test's own seeding never meets.
fn far_future() -> Instant {
    Instant::now() + Duration::from_secs(3600)
}
