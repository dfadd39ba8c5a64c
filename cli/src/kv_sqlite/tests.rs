//! [`SqliteKv`] under the contract: data that survives, quotas that hold
//! across servers sharing a file, and calls that end at their deadline
//! whatever another process does to the file.

use std::sync::Arc;
use std::time::{Duration, Instant};

use edge_harness::kv::{KvError, KvQuota, KvStore, QuotaError};
use rusqlite::{Connection, TransactionBehavior};

use super::SqliteKv;
use super::file::OPEN_LOCK_WAIT;

fn temp_db(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("edge-sqlite-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir.join("nested").join("kv.sqlite")
}

fn later() -> Instant {
    Instant::now() + Duration::from_secs(60)
}

fn set(kv: &SqliteKv, store: &str, key: &str, value: &[u8]) {
    let pair = [(key.to_owned(), value.to_vec())];
    KvStore::new(kv, store)
        .set_many(&pair, &KvQuota::unlimited(), later())
        .expect("set");
}

fn get(kv: &SqliteKv, store: &str, key: &str) -> Option<Vec<u8>> {
    KvStore::new(kv, store)
        .get_many(&[key.to_owned()], usize::MAX, later())
        .expect("get")
        .remove(0)
}

fn one(key: &str) -> [(String, Vec<u8>); 1] {
    [(key.to_owned(), b"v".to_vec())]
}

fn too_many_keys(keys: u64, max: u64) -> KvError {
    KvError::Quota(QuotaError::TooManyKeys {
        store: "s".into(),
        keys,
        max,
    })
}

/// Another process's connection to `path`, holding the file's write lock
/// until it is dropped.
fn write_locked(path: &std::path::Path) -> Connection {
    let other = Connection::open(path).expect("another process's connection");
    other
        .execute_batch("BEGIN IMMEDIATE")
        .expect("the write lock");
    other
}

#[test]
fn data_survives_reopening_the_file() {
    let path = temp_db("reopen");
    let quota = KvQuota::unlimited();
    {
        let kv = SqliteKv::open(&path).expect("open");
        set(&kv, "default", "k", b"v");
        let store = KvStore::new(&kv, "default");
        assert_eq!(store.increment("n", 5, &quota, later()), Ok(5));
    }
    let kv = SqliteKv::open(&path).expect("reopen");
    assert_eq!(get(&kv, "default", "k"), Some(b"v".to_vec()));
    let store = KvStore::new(&kv, "default");
    assert_eq!(store.increment("n", 1, &quota, later()), Ok(6));
    assert_eq!(get(&kv, "other", "k"), None);
}

#[test]
fn quotas_count_what_the_file_already_holds() {
    let path = temp_db("quota");
    {
        let kv = SqliteKv::open(&path).expect("open");
        set(&kv, "s", "a", b"12345");
        set(&kv, "s", "b", b"1");
    }
    let kv = SqliteKv::open(&path).expect("reopen");
    let store = KvStore::new(&kv, "s");
    let quota = KvQuota {
        max_value_bytes: 100,
        max_keys: 2,
        max_store_bytes: 100,
    };
    assert_eq!(
        store.set_many(&one("c"), &quota, later()),
        Err(too_many_keys(3, 2))
    );
    assert_eq!(get(&kv, "s", "c"), None, "a refused batch writes nothing");
    store
        .set_many(&[("a".to_owned(), b"x".to_vec())], &quota, later())
        .expect("replacing a key adds none");
}

#[test]
fn a_quota_holds_across_servers_sharing_the_file() {
    // Two handles on one file are what two server processes are: each
    // its own connection and no memory shared.
    let path = temp_db("shared-quota");
    let first = SqliteKv::open(&path).expect("open");
    let second = SqliteKv::open(&path).expect("open again");
    let (first, second) = (KvStore::new(&first, "s"), KvStore::new(&second, "s"));
    let quota = KvQuota {
        max_value_bytes: 100,
        max_keys: 2,
        max_store_bytes: 100,
    };
    first.set_many(&one("a"), &quota, later()).expect("a");
    second.set_many(&one("b"), &quota, later()).expect("b");
    assert_eq!(
        first.set_many(&one("c"), &quota, later()),
        Err(too_many_keys(3, 2)),
        "a third key over 2, counted across both"
    );
    assert_eq!(
        second.increment("n", 1, &quota, later()),
        Err(too_many_keys(3, 2)),
        "the counter is a third key too"
    );
    second
        .delete_many(&["a".to_owned()], later())
        .expect("delete");
    first
        .set_many(&one("c"), &quota, later())
        .expect("room again after the other's delete");
}

#[test]
fn usage_is_counted_for_a_file_written_before_it_was_kept() {
    let path = temp_db("older-file");
    {
        let kv = SqliteKv::open(&path).expect("open");
        set(&kv, "s", "a", b"12345");
        set(&kv, "s", "b", b"1");
    }
    // A file of an older edge has no usage table.
    Connection::open(&path)
        .and_then(|c| c.execute_batch("DROP TABLE kv_usage"))
        .expect("drop the usage table");
    let kv = SqliteKv::open(&path).expect("reopen");
    let quota = KvQuota {
        max_value_bytes: 100,
        max_keys: 100,
        max_store_bytes: 9,
    };
    assert_eq!(
        KvStore::new(&kv, "s").set_many(&one("c"), &quota, later()),
        Err(KvError::Quota(QuotaError::StoreTooLarge {
            store: "s".into(),
            bytes: 10,
            max: 9
        })),
        "a, b and c are 10 bytes"
    );
}

#[test]
fn a_write_waiting_for_another_servers_lock_ends_at_its_deadline() {
    let path = temp_db("locked");
    let kv = SqliteKv::open(&path).expect("open");
    let store = KvStore::new(&kv, "s");
    let holding = write_locked(&path);
    let started = Instant::now();
    let deadline = started + Duration::from_millis(300);
    assert_eq!(
        store.set_many(&one("k"), &KvQuota::unlimited(), deadline),
        Err(KvError::Deadline)
    );
    assert!(
        started.elapsed() < OPEN_LOCK_WAIT,
        "{:?}",
        started.elapsed()
    );
    drop(holding);
    store
        .set_many(&one("k"), &KvQuota::unlimited(), later())
        .expect("the lock is free again");
}

#[test]
fn an_increment_waiting_for_another_servers_lock_ends_at_its_deadline() {
    // It once had no deadline: it waited 5 s for the lock.
    let path = temp_db("increment-locked");
    let kv = SqliteKv::open(&path).expect("open");
    let _holding = write_locked(&path);
    let started = Instant::now();
    let result = KvStore::new(&kv, "s").increment(
        "n",
        1,
        &KvQuota::unlimited(),
        started + Duration::from_millis(200),
    );
    let took = started.elapsed();
    assert_eq!(result, Err(KvError::Deadline));
    assert!(took < Duration::from_secs(1), "{took:?}");
}

#[test]
fn calls_behind_one_stuck_on_another_servers_lock_end_at_their_own_deadline() {
    // A listing once waited 5 s for the connection, which a call stuck on
    // the lock held.
    let path = temp_db("queued-behind-locked");
    let kv = Arc::new(SqliteKv::open(&path).expect("open"));
    set(&kv, "s", "k", b"v");
    let _holding = write_locked(&path);
    let stuck = {
        let kv = kv.clone();
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(2);
            KvStore::new(&*kv, "s").increment("n", 1, &KvQuota::unlimited(), deadline)
        })
    };
    std::thread::sleep(Duration::from_millis(100));
    let store = KvStore::new(&*kv, "s");
    let started = Instant::now();
    let listed = store.keys(0, 10, started + Duration::from_millis(200));
    let read = store.get_many(
        &["k".to_owned()],
        100,
        Instant::now() + Duration::from_millis(200),
    );
    let took = started.elapsed();
    assert_eq!(
        (listed, read),
        (Err(KvError::Deadline), Err(KvError::Deadline))
    );
    assert!(took < Duration::from_secs(1), "{took:?}");
    assert_eq!(
        stuck.join().expect("the stuck call"),
        Err(KvError::Deadline)
    );
}

#[test]
fn a_huge_listing_stops_at_its_deadline() {
    // A listing once ran without a deadline: a page past 3,000,000 keys
    // took 0.4 s, whatever the time left.
    let path = temp_db("huge-listing");
    drop(SqliteKv::open(&path).expect("create"));
    let mut filler = Connection::open(&path).expect("a connection");
    let tx = filler.transaction().expect("a transaction");
    tx.execute(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 2999999) \
         INSERT INTO kv (store, key, value) SELECT 's', printf('k%08d', i), x'00' FROM n",
        [],
    )
    .expect("3,000,000 keys");
    tx.commit().expect("commit");
    drop(filler);
    let kv = SqliteKv::open(&path).expect("open");
    let store = KvStore::new(&kv, "s");
    let started = Instant::now();
    let result = store.keys(2_999_990, 100, started + Duration::from_millis(20));
    let took = started.elapsed();
    assert_eq!(result, Err(KvError::Deadline));
    assert!(took < Duration::from_millis(200), "{took:?}");
    assert_eq!(
        store
            .keys(2_999_990, 100, later())
            .map(|(keys, more)| (keys.len(), more)),
        Ok((10, false)),
        "with time enough, the same page"
    );
}

#[test]
fn a_batch_stopped_by_its_deadline_writes_nothing() {
    let kv = SqliteKv::open(&temp_db("deadline")).expect("open");
    let store = KvStore::new(&kv, "s");
    let pairs: Vec<(String, Vec<u8>)> =
        (0..100).map(|i| (format!("k{i}"), b"v".to_vec())).collect();
    assert_eq!(
        store.set_many(&pairs, &KvQuota::unlimited(), Instant::now()),
        Err(KvError::Deadline)
    );
    assert_eq!(store.keys(0, 10, later()), Ok((Vec::new(), false)));
}

#[test]
fn pages_of_keys_and_deletes() {
    let kv = SqliteKv::open(&temp_db("pages")).expect("open");
    for i in 0..5 {
        set(&kv, "s", &format!("k{i}"), b"v");
    }
    let store = KvStore::new(&kv, "s");
    assert_eq!(
        store.keys(0, 2, later()),
        Ok((vec!["k0".to_owned(), "k1".to_owned()], true))
    );
    assert_eq!(
        store.keys(4, 2, later()),
        Ok((vec!["k4".to_owned()], false))
    );
    store
        .delete_many(&["k0".to_owned()], later())
        .expect("delete");
    assert_eq!(store.keys(0, 10, later()).map(|(k, _)| k.len()), Ok(4));
    set(&kv, "s", "text", b"x");
    assert_eq!(
        store.increment("text", 1, &KvQuota::unlimited(), later()),
        Err(KvError::NotACounter { key: "text".into() })
    );
}

#[test]
fn a_file_another_process_keeps_locked_is_named_as_locked() {
    let path = temp_db("locked-at-open");
    drop(SqliteKv::open(&path).expect("create"));
    let mut other = Connection::open(&path).expect("another process's connection");
    let _holding = other
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .expect("the write lock");
    let err = SqliteKv::open(&path).err().expect("locked");
    assert!(
        format!("{err:#}").contains("another process has held its write lock"),
        "{err:#}"
    );
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_by_name() {
    let path = temp_db("garbage");
    std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
    std::fs::write(
        &path,
        b"this is not a database, but it is long enough to look like a header",
    )
    .expect("write");
    let err = SqliteKv::open(&path).err().expect("refused");
    assert!(
        format!("{err:#}").contains("is it an SQLite database?"),
        "{err:#}"
    );
}
