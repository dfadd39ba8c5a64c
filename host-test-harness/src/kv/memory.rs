//! [`MemoryKv`]: key-value data in memory.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use super::storage::{KvRead, KvStorage, KvWrite, ReadWork, WriteWork};
use super::{DeadlineLock, KvError, KvUsage};

/// Key-value data in memory: for tests, and `edge serve --kv-memory`.
///
/// One call at a time holds the data; a call waiting for its turn gives up
/// at its deadline. Each step is a lookup in memory (a listing skips its
/// offset in memory, bounded by the store's key quota). A write keeps an
/// undo log, played back when the contract refuses it.
#[derive(Default)]
pub struct MemoryKv {
    stores: DeadlineLock<HashMap<String, StoreData>>,
}

#[derive(Default)]
struct StoreData {
    entries: BTreeMap<String, Vec<u8>>,
    usage: KvUsage,
}

/// A read of one store (absent: an empty one).
struct MemoryRead<'a>(Option<&'a StoreData>);

/// A write transaction on one store: what it changed, to undo.
struct MemoryWrite<'a> {
    data: &'a mut StoreData,
    /// Each key's value before the write, in the order written.
    undo: Vec<(String, Option<Vec<u8>>)>,
    usage_before: KvUsage,
}

impl StoreData {
    fn value(&self, key: &str) -> Option<Vec<u8>> {
        self.entries.get(key).cloned()
    }

    fn value_len(&self, key: &str) -> Option<u64> {
        self.entries.get(key).map(|v| v.len() as u64)
    }

    fn keys(&self, offset: usize, limit: usize) -> Vec<String> {
        self.entries
            .keys()
            .skip(offset)
            .take(limit)
            .cloned()
            .collect()
    }
}

impl MemoryWrite<'_> {
    /// Puts back what the write changed, last change first.
    fn roll_back(self) {
        for (key, old) in self.undo.into_iter().rev() {
            match old {
                Some(value) => self.data.entries.insert(key, value),
                None => self.data.entries.remove(&key),
            };
        }
        self.data.usage = self.usage_before;
    }
}

impl KvStorage for MemoryKv {
    fn read(&self, store: &str, deadline: Instant, work: &mut ReadWork<'_>) -> Result<(), KvError> {
        let stores = self.stores.lock_until(deadline)?;
        work(&mut MemoryRead(stores.get(store)))
    }

    fn write(
        &self,
        store: &str,
        deadline: Instant,
        work: &mut WriteWork<'_>,
    ) -> Result<(), KvError> {
        write_in(&mut *self.stores.lock_until(deadline)?, store, work)
    }

    fn read_at_once(
        &self,
        store: &str,
        _deadline: Instant,
        work: &mut ReadWork<'_>,
    ) -> Option<Result<(), KvError>> {
        let stores = self.stores.try_lock()?;
        Some(work(&mut MemoryRead(stores.get(store))))
    }

    fn write_at_once(
        &self,
        store: &str,
        _deadline: Instant,
        work: &mut WriteWork<'_>,
    ) -> Option<Result<(), KvError>> {
        Some(write_in(&mut *self.stores.try_lock()?, store, work))
    }
}

/// Runs `work` on `store` of `stores`, undone if it fails.
fn write_in(
    stores: &mut HashMap<String, StoreData>,
    store: &str,
    work: &mut WriteWork<'_>,
) -> Result<(), KvError> {
    let data = stores.entry(store.to_owned()).or_default();
    let usage_before = data.usage;
    let mut tx = MemoryWrite {
        data,
        undo: Vec::new(),
        usage_before,
    };
    let result = work(&mut tx);
    if result.is_err() {
        tx.roll_back();
    }
    result
}

impl KvRead for MemoryRead<'_> {
    fn value(&mut self, key: &str) -> Result<Option<Vec<u8>>, KvError> {
        Ok(self.0.and_then(|data| data.value(key)))
    }

    fn value_len(&mut self, key: &str) -> Result<Option<u64>, KvError> {
        Ok(self.0.and_then(|data| data.value_len(key)))
    }

    fn keys(&mut self, offset: usize, limit: usize) -> Result<Vec<String>, KvError> {
        Ok(self
            .0
            .map_or_else(Vec::new, |data| data.keys(offset, limit)))
    }
}

impl KvRead for MemoryWrite<'_> {
    fn value(&mut self, key: &str) -> Result<Option<Vec<u8>>, KvError> {
        Ok(self.data.value(key))
    }

    fn value_len(&mut self, key: &str) -> Result<Option<u64>, KvError> {
        Ok(self.data.value_len(key))
    }

    fn keys(&mut self, offset: usize, limit: usize) -> Result<Vec<String>, KvError> {
        Ok(self.data.keys(offset, limit))
    }
}

impl KvWrite for MemoryWrite<'_> {
    fn put(&mut self, key: &str, value: &[u8]) -> Result<(), KvError> {
        let old = self.data.entries.insert(key.to_owned(), value.to_vec());
        self.undo.push((key.to_owned(), old));
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), KvError> {
        if let Some(old) = self.data.entries.remove(key) {
            self.undo.push((key.to_owned(), Some(old)));
        }
        Ok(())
    }

    fn usage(&mut self) -> Result<KvUsage, KvError> {
        Ok(self.data.usage)
    }

    fn record_usage(&mut self, usage: KvUsage) -> Result<(), KvError> {
        self.data.usage = usage;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn later() -> Instant {
        Instant::now() + Duration::from_secs(60)
    }

    fn entries(kv: &MemoryKv, store: &str) -> Vec<(String, Vec<u8>)> {
        let stores = kv.stores.lock_until(later()).expect("free");
        stores.get(store).map_or_else(Vec::new, |data| {
            data.entries
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
    }

    #[test]
    fn a_refused_write_is_undone_whole() {
        let kv = MemoryKv::default();
        kv.write("s", later(), &mut |tx| {
            tx.put("a", b"1")?;
            tx.record_usage(KvUsage { keys: 1, bytes: 2 })
        })
        .expect("a write");
        let refused = kv.write("s", later(), &mut |tx| {
            tx.put("a", b"2")?;
            tx.put("b", b"3")?;
            tx.put("a", b"4")?;
            tx.remove("a")?;
            tx.record_usage(KvUsage { keys: 9, bytes: 9 })?;
            Err(KvError::Deadline)
        });
        assert_eq!(refused, Err(KvError::Deadline));
        assert_eq!(entries(&kv, "s"), [("a".to_owned(), b"1".to_vec())]);
        kv.write("s", later(), &mut |tx| {
            assert_eq!(tx.usage(), Ok(KvUsage { keys: 1, bytes: 2 }));
            Ok(())
        })
        .expect("the usage recorded before");
    }

    #[test]
    fn a_write_sees_its_own_changes() {
        let kv = MemoryKv::default();
        kv.write("s", later(), &mut |tx| {
            tx.put("k", b"123")?;
            assert_eq!(tx.value_len("k"), Ok(Some(3)));
            assert_eq!(tx.keys(0, 10), Ok(vec!["k".to_owned()]));
            tx.remove("k")?;
            assert_eq!(tx.value("k"), Ok(None));
            Ok(())
        })
        .expect("a write");
    }

    #[test]
    fn a_read_of_a_store_never_written_is_empty_and_creates_nothing() {
        let kv = MemoryKv::default();
        kv.read("s", later(), &mut |view| {
            assert_eq!(view.value("k"), Ok(None));
            assert_eq!(view.keys(0, 10), Ok(Vec::new()));
            Ok(())
        })
        .expect("a read");
        assert!(kv.stores.lock_until(later()).expect("free").is_empty());
    }
}
