//! [`MemoryKv`]: key-value data in memory.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, PoisonError};

use super::storage::{KvStorage, parse_counter};

/// Key-value data in memory: for tests, and `edge serve --kv-memory`.
#[derive(Default)]
pub struct MemoryKv {
    stores: Mutex<HashMap<String, BTreeMap<String, Vec<u8>>>>,
}

impl MemoryKv {
    fn with<R>(&self, store: &str, f: impl FnOnce(&mut BTreeMap<String, Vec<u8>>) -> R) -> R {
        let mut stores = self.stores.lock().unwrap_or_else(PoisonError::into_inner);
        f(stores.entry(store.to_owned()).or_default())
    }
}

impl KvStorage for MemoryKv {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kv::PAGE_SIZE;

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
