//! The contract ([`KvStore`]) over [`MemoryKv`]: what every storage's
//! calls do, and hostile calls that must end at their deadline.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::*;

fn later() -> Instant {
    Instant::now() + Duration::from_secs(60)
}

fn pairs(n: usize, value: &[u8]) -> Vec<(String, Vec<u8>)> {
    (0..n)
        .map(|i| (format!("k{i:07}"), value.to_vec()))
        .collect()
}

fn set(kv: &MemoryKv, store: &str, key: &str, value: &[u8]) {
    KvStore::new(kv, store)
        .set_many(
            &[(key.to_owned(), value.to_vec())],
            &KvQuota::unlimited(),
            later(),
        )
        .expect("set");
}

fn get(kv: &MemoryKv, store: &str, key: &str) -> Option<Vec<u8>> {
    KvStore::new(kv, store)
        .get_many(&[key.to_owned()], usize::MAX, later())
        .expect("get")
        .remove(0)
}

#[test]
fn pages_walk_every_key_in_order() {
    let kv = MemoryKv::default();
    for i in 0..250 {
        set(&kv, "s", &format!("k{i:03}"), b"v");
    }
    let store = KvStore::new(&kv, "s");
    let (first, more) = store.keys(0, PAGE_SIZE, later()).expect("keys");
    assert_eq!((first.len(), more), (100, true));
    assert_eq!(first[0], "k000");
    let (last, more) = store.keys(200, PAGE_SIZE, later()).expect("keys");
    assert_eq!((last.len(), more), (50, false));
    assert_eq!(last[49], "k249");
    assert_eq!(
        store.keys(usize::MAX, PAGE_SIZE, later()),
        Ok((vec![], false))
    );
}

#[test]
fn increment_counts_and_refuses_non_numbers() {
    let kv = MemoryKv::default();
    let store = KvStore::new(&kv, "s");
    let quota = KvQuota::unlimited();
    assert_eq!(store.increment("n", 2, &quota, later()), Ok(2));
    assert_eq!(store.increment("n", 3, &quota, later()), Ok(5));
    assert_eq!(get(&kv, "s", "n"), Some(b"5".to_vec()));
    set(&kv, "s", "text", b"hello");
    let err = store
        .increment("text", 1, &quota, later())
        .expect_err("not a number");
    assert_eq!(err, KvError::NotACounter { key: "text".into() });
    assert_eq!(
        err.to_string(),
        "the value at `text` is not a decimal number, so it cannot be incremented"
    );
    set(&kv, "s", "max", u64::MAX.to_string().as_bytes());
    assert_eq!(
        store.increment("max", 1, &quota, later()),
        Err(KvError::CounterOverflow { key: "max".into() })
    );
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
    let store = KvStore::new(&kv, "s");
    let quota = KvQuota {
        max_value_bytes: 10,
        max_keys: 2,
        max_store_bytes: 100,
    };
    let three = pairs(3, &[1]);
    assert_eq!(
        store.set_many(&three, &quota, later()),
        Err(KvError::Quota(QuotaError::TooManyKeys {
            store: "s".into(),
            keys: 3,
            max: 2
        }))
    );
    assert_eq!(store.keys(0, 10, later()), Ok((Vec::new(), false)));
    // Replacing a key does not count it twice, nor does a key twice in
    // one batch.
    store
        .set_many(&three[..2], &quota, later())
        .expect("2 keys fit");
    store
        .set_many(&[three[0].clone(), three[0].clone()], &quota, later())
        .expect("the same key again");
    let big = [("k0".to_owned(), vec![0; 11])];
    assert_eq!(
        store.set_many(&big, &quota, later()),
        Err(KvError::Quota(QuotaError::ValueTooLarge {
            key: "k0".into(),
            bytes: 11,
            max: 10
        }))
    );
    assert_eq!(
        store.increment("n", 1, &quota, later()),
        Err(KvError::Quota(QuotaError::TooManyKeys {
            store: "s".into(),
            keys: 3,
            max: 2
        })),
        "a counter is a key too"
    );
    store
        .delete_many(&[three[1].0.clone(), "absent".to_owned()], later())
        .expect("delete");
    assert_eq!(store.increment("n", 1, &quota, later()), Ok(1));
}

#[test]
fn a_store_is_held_to_its_bytes() {
    let kv = MemoryKv::default();
    let store = KvStore::new(&kv, "s");
    let quota = KvQuota {
        max_store_bytes: 10,
        ..KvQuota::unlimited()
    };
    // 2 bytes of key and 4 of value each.
    store
        .set_many(&[("k1".to_owned(), b"1234".to_vec())], &quota, later())
        .expect("6 bytes");
    assert_eq!(
        store.set_many(&[("k2".to_owned(), b"1234".to_vec())], &quota, later()),
        Err(KvError::Quota(QuotaError::StoreTooLarge {
            store: "s".into(),
            bytes: 12,
            max: 10
        }))
    );
    store
        .set_many(&[("k1".to_owned(), b"1".to_vec())], &quota, later())
        .expect("a smaller value frees room");
    store
        .set_many(&[("k2".to_owned(), b"1234".to_vec())], &quota, later())
        .expect("9 bytes");
}

#[test]
fn a_batch_past_its_deadline_writes_nothing() {
    let kv = MemoryKv::default();
    let store = KvStore::new(&kv, "s");
    let past = Instant::now();
    assert_eq!(
        store.set_many(&pairs(1, b"v"), &KvQuota::unlimited(), past),
        Err(KvError::Deadline)
    );
    assert_eq!(
        store.increment("n", 1, &KvQuota::unlimited(), past),
        Err(KvError::Deadline)
    );
    assert_eq!(store.keys(0, 10, past), Err(KvError::Deadline));
    assert_eq!(store.keys(0, 10, later()), Ok((Vec::new(), false)));
}

#[test]
fn a_read_over_the_call_limit_is_refused_before_it_is_gathered() {
    let kv = MemoryKv::default();
    set(&kv, "s", "big", &[0; 100]);
    let store = KvStore::new(&kv, "s");
    let keys = vec!["big".to_owned(); 20];
    assert_eq!(
        store.get_many(&keys, 1000, later()),
        Err(KvError::Quota(QuotaError::ReadTooLarge { max: 1000 }))
    );
    assert_eq!(
        store.get_many(&keys[..10], 1000, later()).map(|v| v.len()),
        Ok(10)
    );
}

#[test]
fn a_huge_batch_ends_at_its_deadline_and_writes_nothing() {
    // Memory once worked out the whole batch's usage before its one
    // deadline check: 1,000,000 pairs took 2.4 s past a 100 ms deadline.
    let kv = MemoryKv::default();
    let store = KvStore::new(&kv, "s");
    let batch = pairs(1_000_000, b"v");
    let started = Instant::now();
    let deadline = started + Duration::from_millis(100);
    assert_eq!(
        store.set_many(&batch, &KvQuota::unlimited(), deadline),
        Err(KvError::Deadline)
    );
    let took = started.elapsed();
    assert!(took < Duration::from_millis(600), "{took:?}");
    assert_eq!(store.keys(0, 10, later()), Ok((Vec::new(), false)));
}

/// A call on a store, given its deadline.
type Call<'a> = dyn Fn(Instant) -> Result<(), KvError> + 'a;

#[test]
fn calls_behind_a_long_batch_end_at_their_own_deadline() {
    // Memory once waited for its lock whatever the caller's deadline: a
    // read with 50 ms left waited 11 s behind a batch.
    let kv = Arc::new(MemoryKv::default());
    let batch = {
        let kv = kv.clone();
        let batch = pairs(2_000_000, b"v");
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(3);
            KvStore::new(&*kv, "s").set_many(&batch, &KvQuota::unlimited(), deadline)
        })
    };
    std::thread::sleep(Duration::from_millis(200));
    let store = KvStore::new(&*kv, "s");
    let quota = KvQuota::unlimited();
    let calls: [(&str, &Call<'_>); 5] = [
        ("get", &|at| {
            store.get_many(&["k".into()], 100, at).map(drop)
        }),
        ("keys", &|at| store.keys(0, 10, at).map(drop)),
        ("increment", &|at| {
            store.increment("n", 1, &quota, at).map(drop)
        }),
        ("set", &|at| store.set_many(&pairs(1, b"v"), &quota, at)),
        ("delete", &|at| store.delete_many(&["k".into()], at)),
    ];
    for (name, call) in calls {
        let started = Instant::now();
        let result = call(started + Duration::from_millis(50));
        let took = started.elapsed();
        assert!(
            took < Duration::from_millis(300),
            "{name} took {took:?}: {result:?}"
        );
    }
    let _ = batch.join().expect("the batch");
}

/// A storage that fails every call once `deadline` has passed, as SQLite
/// does when a lock stays taken.
struct LockedUntilDeadline;

impl KvStorage for LockedUntilDeadline {
    fn read(&self, _: &str, deadline: Instant, _: &mut ReadWork<'_>) -> Result<(), KvError> {
        std::thread::sleep(deadline.saturating_duration_since(Instant::now()));
        Err(KvError::storage("database is locked"))
    }

    fn write(&self, _: &str, _: Instant, _: &mut WriteWork<'_>) -> Result<(), KvError> {
        Err(KvError::storage("disk I/O error"))
    }
}

#[test]
fn a_storage_failure_at_the_deadline_is_the_deadline_and_one_before_it_is_not() {
    let store = KvStore::new(&LockedUntilDeadline, "s");
    let soon = Instant::now() + Duration::from_millis(20);
    assert_eq!(store.keys(0, 10, soon), Err(KvError::Deadline));
    assert_eq!(
        store.delete_many(&["k".into()], later()),
        Err(KvError::Storage("disk I/O error".into()))
    );
}
