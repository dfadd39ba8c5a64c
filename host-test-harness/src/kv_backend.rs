//! [`KvBackend`]: where the host keeps key-value data, and [`MemoryKv`].

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, PoisonError};

/// The store every app has: opened as `default` or as the empty
/// identifier (how `wasmtime serve -S keyvalue` names its store).
pub const DEFAULT_STORE: &str = "default";

/// How many keys one `list-keys` page holds.
pub(crate) const PAGE_SIZE: usize = 100;

/// Storage for the host's key-value stores. Stores are named; the host has
/// already checked that the guest may open the store.
pub(crate) trait KvBackend: Send + Sync {
    fn get(&self, store: &str, key: &str) -> Result<Option<Vec<u8>>, String>;
    fn set(&self, store: &str, key: &str, value: &[u8]) -> Result<(), String>;
    fn delete(&self, store: &str, key: &str) -> Result<(), String>;
    /// Keys in order, from position `offset`, at most `limit`; and whether
    /// more follow.
    fn keys(&self, store: &str, offset: usize, limit: usize)
    -> Result<(Vec<String>, bool), String>;
    /// Adds `delta` to the decimal number at `key` (0 if unset).
    fn increment(&self, store: &str, key: &str, delta: u64) -> Result<u64, String>;
}

/// Key-value data in memory: for tests, and `edge serve --kv-memory`.
#[derive(Default)]
pub(crate) struct MemoryKv {
    stores: Mutex<HashMap<String, BTreeMap<String, Vec<u8>>>>,
}

impl MemoryKv {
    fn with<R>(&self, store: &str, f: impl FnOnce(&mut BTreeMap<String, Vec<u8>>) -> R) -> R {
        let mut stores = self.stores.lock().unwrap_or_else(PoisonError::into_inner);
        f(stores.entry(store.to_owned()).or_default())
    }
}

impl KvBackend for MemoryKv {
    fn get(&self, store: &str, key: &str) -> Result<Option<Vec<u8>>, String> {
        Ok(self.with(store, |data| data.get(key).cloned()))
    }

    fn set(&self, store: &str, key: &str, value: &[u8]) -> Result<(), String> {
        self.with(store, |data| data.insert(key.to_owned(), value.to_vec()));
        Ok(())
    }

    fn delete(&self, store: &str, key: &str) -> Result<(), String> {
        self.with(store, |data| data.remove(key));
        Ok(())
    }

    fn keys(
        &self,
        store: &str,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<String>, bool), String> {
        Ok(self.with(store, |data| {
            let keys: Vec<String> = data.keys().skip(offset).take(limit).cloned().collect();
            let more = data.len() > offset.saturating_add(keys.len());
            (keys, more)
        }))
    }

    fn increment(&self, store: &str, key: &str, delta: u64) -> Result<u64, String> {
        self.with(store, |data| {
            let current = match data.get(key) {
                None => 0,
                Some(bytes) => parse_counter(key, bytes)?,
            };
            let next = current
                .checked_add(delta)
                .ok_or_else(|| format!("incrementing `{key}` would overflow a u64"))?;
            data.insert(key.to_owned(), next.to_string().into_bytes());
            Ok(next)
        })
    }
}

/// The number a counter holds: decimal text, as `increment` writes it.
pub(crate) fn parse_counter(key: &str, bytes: &[u8]) -> Result<u64, String> {
    std::str::from_utf8(bytes)
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .ok_or_else(|| {
            format!("the value at `{key}` is not a decimal number, so it cannot be incremented")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_walk_every_key_in_order() {
        let kv = MemoryKv::default();
        for i in 0..250 {
            kv.set("s", &format!("k{i:03}"), b"v").expect("set");
        }
        let (first, more) = kv.keys("s", 0, PAGE_SIZE).expect("keys");
        assert_eq!((first.len(), more), (100, true));
        assert_eq!(first[0], "k000");
        let (last, more) = kv.keys("s", 200, PAGE_SIZE).expect("keys");
        assert_eq!((last.len(), more), (50, false));
        assert_eq!(last[49], "k249");
    }

    #[test]
    fn increment_counts_and_refuses_non_numbers() {
        let kv = MemoryKv::default();
        assert_eq!(kv.increment("s", "n", 2), Ok(2));
        assert_eq!(kv.increment("s", "n", 3), Ok(5));
        kv.set("s", "text", b"hello").expect("set");
        assert_eq!(
            kv.increment("s", "text", 1),
            Err(
                "the value at `text` is not a decimal number, so it cannot be incremented"
                    .to_owned()
            )
        );
        kv.set("s", "max", u64::MAX.to_string().as_bytes())
            .expect("set");
        assert!(kv.increment("s", "max", 1).is_err());
    }

    #[test]
    fn stores_are_separate() {
        let kv = MemoryKv::default();
        kv.set("a", "k", b"1").expect("set");
        assert_eq!(kv.get("b", "k"), Ok(None));
        assert_eq!(kv.get("a", "k"), Ok(Some(b"1".to_vec())));
    }
}
