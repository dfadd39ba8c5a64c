//! [`MemoryKv`]: key-value data in memory.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use super::quota::{KvQuota, KvUsage, ReadBudget};
use super::storage::{KvError, KvStorage, add_to_counter, parse_counter};

/// Key-value data in memory: for tests, and `edge serve --kv-memory`.
#[derive(Default)]
pub struct MemoryKv {
    stores: Mutex<HashMap<String, StoreData>>,
}

#[derive(Default)]
struct StoreData {
    entries: BTreeMap<String, Vec<u8>>,
    usage: KvUsage,
}

impl MemoryKv {
    fn with<R>(&self, store: &str, f: impl FnOnce(&mut StoreData) -> R) -> R {
        let mut stores = self.stores.lock().unwrap_or_else(PoisonError::into_inner);
        f(stores.entry(store.to_owned()).or_default())
    }
}

impl StoreData {
    fn put(&mut self, key: &str, value: Option<Vec<u8>>) {
        let new = value.as_ref().map(|v| v.len() as u64);
        let old = match value {
            Some(value) => self.entries.insert(key.to_owned(), value),
            None => self.entries.remove(key),
        };
        self.usage = self.usage.replacing(key, old.map(|v| v.len() as u64), new);
    }

    /// The usage after writing `pairs`, without writing them.
    fn usage_after<'a>(&self, pairs: impl Iterator<Item = (&'a str, Option<u64>)>) -> KvUsage {
        let mut pending: HashMap<&str, Option<u64>> = HashMap::new();
        let mut usage = self.usage;
        for (key, new) in pairs {
            let old = pending
                .get(key)
                .copied()
                .unwrap_or_else(|| self.entries.get(key).map(|v| v.len() as u64));
            usage = usage.replacing(key, old, new);
            pending.insert(key, new);
        }
        usage
    }
}

impl KvStorage for MemoryKv {
    fn get_many(
        &self,
        store: &str,
        keys: &[String],
        max_bytes: usize,
        deadline: Instant,
    ) -> Result<Vec<Option<Vec<u8>>>, KvError> {
        if Instant::now() >= deadline {
            return Err(KvError::Deadline);
        }
        self.with(store, |data| {
            let mut budget = ReadBudget::new(max_bytes);
            keys.iter()
                .map(|key| {
                    let value = data.entries.get(key);
                    budget.take(value.map(Vec::as_slice))?;
                    Ok(value.cloned())
                })
                .collect()
        })
    }

    fn set_many(
        &self,
        store: &str,
        pairs: &[(String, Vec<u8>)],
        quota: &KvQuota,
        deadline: Instant,
    ) -> Result<(), KvError> {
        quota.check_values(pairs)?;
        self.with(store, |data| {
            let after = data.usage_after(
                pairs
                    .iter()
                    .map(|(k, v)| (k.as_str(), Some(v.len() as u64))),
            );
            quota.check_usage(store, after)?;
            if Instant::now() >= deadline {
                return Err(KvError::Deadline);
            }
            for (key, value) in pairs {
                data.put(key, Some(value.clone()));
            }
            Ok(())
        })
    }

    fn delete_many(&self, store: &str, keys: &[String], deadline: Instant) -> Result<(), KvError> {
        self.with(store, |data| {
            if Instant::now() >= deadline {
                return Err(KvError::Deadline);
            }
            for key in keys {
                data.put(key, None);
            }
            Ok(())
        })
    }

    fn keys(
        &self,
        store: &str,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<String>, bool), KvError> {
        Ok(self.with(store, |data| {
            let keys: Vec<String> = data
                .entries
                .keys()
                .skip(offset)
                .take(limit)
                .cloned()
                .collect();
            let more = data.entries.len() > offset.saturating_add(keys.len());
            (keys, more)
        }))
    }

    fn increment(
        &self,
        store: &str,
        key: &str,
        delta: u64,
        quota: &KvQuota,
    ) -> Result<u64, KvError> {
        self.with(store, |data| {
            let current = match data.entries.get(key) {
                None => 0,
                Some(bytes) => parse_counter(key, bytes)?,
            };
            let next = add_to_counter(key, current, delta)?;
            let value = next.to_string().into_bytes();
            quota.check_usage(
                store,
                data.usage_after(std::iter::once((key, Some(value.len() as u64)))),
            )?;
            data.put(key, Some(value));
            Ok(next)
        })
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::kv::PAGE_SIZE;

    fn later() -> Instant {
        Instant::now() + Duration::from_secs(60)
    }

    fn set(kv: &MemoryKv, store: &str, key: &str, value: &[u8]) {
        kv.set_many(
            store,
            &[(key.to_owned(), value.to_vec())],
            &KvQuota::unlimited(),
            later(),
        )
        .expect("set");
    }

    fn get(kv: &MemoryKv, store: &str, key: &str) -> Option<Vec<u8>> {
        kv.get_many(store, &[key.to_owned()], usize::MAX, later())
            .expect("get")
            .remove(0)
    }

    #[test]
    fn pages_walk_every_key_in_order() {
        let kv = MemoryKv::default();
        for i in 0..250 {
            set(&kv, "s", &format!("k{i:03}"), b"v");
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
        let quota = KvQuota::unlimited();
        assert_eq!(kv.increment("s", "n", 2, &quota), Ok(2));
        assert_eq!(kv.increment("s", "n", 3, &quota), Ok(5));
        set(&kv, "s", "text", b"hello");
        assert_eq!(
            kv.increment("s", "text", 1, &quota),
            Err(KvError::refused(
                "the value at `text` is not a decimal number, so it cannot be incremented"
            ))
        );
        set(&kv, "s", "max", u64::MAX.to_string().as_bytes());
        assert!(kv.increment("s", "max", 1, &quota).is_err());
    }

    #[test]
    fn stores_are_separate() {
        let kv = MemoryKv::default();
        set(&kv, "a", "k", b"1");
        assert_eq!(get(&kv, "b", "k"), None);
        assert_eq!(get(&kv, "a", "k"), Some(b"1".to_vec()));
    }

    #[test]
    fn a_batch_over_its_quota_writes_nothing() {
        let kv = MemoryKv::default();
        let quota = KvQuota {
            max_value_bytes: 10,
            max_keys: 2,
            max_store_bytes: 100,
        };
        let pairs: Vec<(String, Vec<u8>)> = (0..3).map(|i| (format!("k{i}"), vec![1])).collect();
        let err = kv
            .set_many("s", &pairs, &quota, later())
            .expect_err("3 keys over 2");
        assert!(format!("{err:?}").contains("kv-max-keys"), "{err:?}");
        assert_eq!(kv.keys("s", 0, 10), Ok((Vec::new(), false)));
        // Replacing a key does not count it twice.
        kv.set_many("s", &pairs[..2], &quota, later())
            .expect("2 keys fit");
        kv.set_many("s", &pairs[..2], &quota, later())
            .expect("the same 2 keys again");
        let big = [("k0".to_owned(), vec![0; 11])];
        assert!(kv.set_many("s", &big, &quota, later()).is_err());
    }

    #[test]
    fn a_batch_past_its_deadline_writes_nothing() {
        let kv = MemoryKv::default();
        let pairs = [("k".to_owned(), b"v".to_vec())];
        let past = Instant::now();
        assert_eq!(
            kv.set_many("s", &pairs, &KvQuota::unlimited(), past),
            Err(KvError::Deadline)
        );
        assert_eq!(get(&kv, "s", "k"), None);
    }

    #[test]
    fn a_read_over_the_call_limit_is_refused_before_it_is_gathered() {
        let kv = MemoryKv::default();
        set(&kv, "s", "big", &[0; 100]);
        let keys = vec!["big".to_owned(); 20];
        let err = kv
            .get_many("s", &keys, 1000, later())
            .expect_err("2,000 bytes over 1,000");
        assert!(format!("{err:?}").contains("max-host-call-mib"), "{err:?}");
        assert_eq!(
            kv.get_many("s", &keys[..10], 1000, later())
                .map(|v| v.len()),
            Ok(10)
        );
    }
}
