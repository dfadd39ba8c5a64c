//! [`SqliteKv`]: key-value data in an SQLite file, for `edge serve`.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use edge_harness::kv::{
    KvError, KvQuota, KvStorage, KvUsage, ReadBudget, add_to_counter, parse_counter,
};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

/// Stores kept in one SQLite file (WAL, `synchronous=FULL`): a write the
/// guest saw succeed survives a crash of the server. Each call is one
/// transaction, so a batch is written whole or not at all. What each store
/// holds (for its quota) is a table of the file, read and updated in each
/// write's transaction, which takes the file's write lock first: servers in
/// several processes sharing one file keep one count, and a quota holds
/// across them.
pub(crate) struct SqliteKv {
    connection: Mutex<Connection>,
    /// The deadline of the call running now, which SQLite's progress
    /// handler checks every few thousand steps: a statement still running
    /// when it passes is interrupted (and its transaction rolled back).
    deadline: Arc<CallDeadline>,
}

/// How long a call without a deadline of its own waits for another
/// process's write lock.
const LOCK_WAIT: Duration = Duration::from_secs(5);

/// A call's deadline, readable from SQLite's progress handler.
#[derive(Default)]
struct CallDeadline(Mutex<Option<Instant>>);

impl CallDeadline {
    fn set(&self, deadline: Option<Instant>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = deadline;
    }

    fn passed(&self) -> bool {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some_and(|at| Instant::now() >= at)
    }
}

impl SqliteKv {
    /// Opens (or creates) the database at `path`, and its directory.
    pub(crate) fn open(path: &Path) -> anyhow::Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| {
                format!(
                    "cannot create the directory of the KV file {}",
                    path.display()
                )
            })?;
        }
        let mut connection = Connection::open(path)
            .with_context(|| format!("cannot open the KV file {}", path.display()))?;
        prepare(&mut connection).map_err(|e| {
            let why = if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) {
                "another process has held its write lock for 5 s (another edge serve writing \
                 it?)"
            } else {
                "is it an SQLite database?"
            };
            anyhow::Error::new(e).context(format!(
                "cannot prepare the KV file {} ({why})",
                path.display()
            ))
        })?;
        let deadline = Arc::new(CallDeadline::default());
        let checked = deadline.clone();
        connection
            .progress_handler(10_000, Some(move || checked.passed()))
            .context("cannot watch the KV file's statements for deadlines")?;
        Ok(Self {
            connection: Mutex::new(connection),
            deadline,
        })
    }

    /// Runs `f` with the connection, interrupted if `deadline` passes (an
    /// interrupted statement, or a write lock another process holds past
    /// it, is [`KvError::Deadline`]).
    fn with<R>(
        &self,
        deadline: Option<Instant>,
        f: impl FnOnce(&mut Connection) -> Result<R, KvError>,
    ) -> Result<R, KvError> {
        let mut connection = self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let wait = match deadline {
            Some(at) => match at.checked_duration_since(Instant::now()) {
                Some(left) if !left.is_zero() => left.min(LOCK_WAIT),
                _ => return Err(KvError::Deadline),
            },
            None => LOCK_WAIT,
        };
        connection.busy_timeout(wait).map_err(sql)?;
        self.deadline.set(deadline);
        let result = f(&mut connection);
        self.deadline.set(None);
        match result {
            Err(_) if deadline.is_some_and(|at| Instant::now() >= at) => Err(KvError::Deadline),
            other => other,
        }
    }
}

/// Sets the file up: WAL, the `kv` table, and the `kv_usage` table, counted
/// from `kv` when the file has none yet (a file of an older edge).
fn prepare(connection: &mut Connection) -> rusqlite::Result<()> {
    connection.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;",
    )?;
    connection.busy_timeout(LOCK_WAIT)?;
    let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let counted: bool = tx.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'kv_usage'",
        [],
        |row| row.get(0),
    )?;
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS kv (
             store TEXT NOT NULL,
             key TEXT NOT NULL,
             value BLOB NOT NULL,
             PRIMARY KEY (store, key)
         ) WITHOUT ROWID;
         CREATE TABLE IF NOT EXISTS kv_usage (
             store TEXT PRIMARY KEY NOT NULL,
             keys INTEGER NOT NULL,
             bytes INTEGER NOT NULL
         ) WITHOUT ROWID;",
    )?;
    if !counted {
        tx.execute(
            "INSERT INTO kv_usage (store, keys, bytes) \
             SELECT store, count(*), sum(length(CAST(key AS BLOB)) + length(value)) FROM kv \
             GROUP BY store",
            [],
        )?;
    }
    tx.commit()
}

/// What `store` holds, as the file counts it.
fn usage_of(tx: &Transaction<'_>, store: &str) -> Result<KvUsage, KvError> {
    tx.prepare_cached("SELECT keys, bytes FROM kv_usage WHERE store = ?1")
        .and_then(|mut s| {
            s.query_row(params![store], |row| {
                Ok(KvUsage {
                    keys: u64::try_from(row.get::<_, i64>(0)?).unwrap_or(0),
                    bytes: u64::try_from(row.get::<_, i64>(1)?).unwrap_or(0),
                })
            })
            .optional()
        })
        .map(Option::unwrap_or_default)
        .map_err(sql)
}

/// Records what `store` holds after a write, in the write's transaction.
fn record_usage(tx: &Transaction<'_>, store: &str, usage: KvUsage) -> Result<(), KvError> {
    let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    tx.prepare_cached("INSERT OR REPLACE INTO kv_usage (store, keys, bytes) VALUES (?1, ?2, ?3)")
        .and_then(|mut s| s.execute(params![store, count(usage.keys), count(usage.bytes)]))
        .map(drop)
        .map_err(sql)
}

/// A write's transaction: it takes the file's write lock at once, so the
/// usage it reads stays true until it commits.
fn write_transaction(connection: &mut Connection) -> Result<Transaction<'_>, KvError> {
    connection
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(sql)
}

fn sql(e: rusqlite::Error) -> KvError {
    KvError::refused(format!("SQLite: {e}"))
}

/// The length of the value at `key`, if there is one.
fn stored_len(tx: &Transaction<'_>, store: &str, key: &str) -> Result<Option<u64>, KvError> {
    tx.prepare_cached("SELECT length(value) FROM kv WHERE store = ?1 AND key = ?2")
        .and_then(|mut s| {
            s.query_row(params![store, key], |row| row.get::<_, i64>(0))
                .optional()
        })
        .map(|len| len.map(|l| u64::try_from(l).unwrap_or(0)))
        .map_err(sql)
}

impl KvStorage for SqliteKv {
    fn get_many(
        &self,
        store: &str,
        keys: &[String],
        max_bytes: usize,
        deadline: Instant,
    ) -> Result<Vec<Option<Vec<u8>>>, KvError> {
        self.with(Some(deadline), |connection| {
            let mut statement = connection
                .prepare_cached("SELECT value FROM kv WHERE store = ?1 AND key = ?2")
                .map_err(sql)?;
            let mut budget = ReadBudget::new(max_bytes);
            keys.iter()
                .map(|key| {
                    if Instant::now() >= deadline {
                        return Err(KvError::Deadline);
                    }
                    let value: Option<Vec<u8>> = statement
                        .query_row(params![store, key], |row| row.get(0))
                        .optional()
                        .map_err(sql)?;
                    budget.take(value.as_deref())?;
                    Ok(value)
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
        self.with(Some(deadline), |connection| {
            let tx = write_transaction(connection)?;
            let mut usage = usage_of(&tx, store)?;
            for (key, value) in pairs {
                if Instant::now() >= deadline {
                    return Err(KvError::Deadline);
                }
                let old = stored_len(&tx, store, key)?;
                usage = usage.replacing(key, old, Some(value.len() as u64));
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO kv (store, key, value) VALUES (?1, ?2, ?3)",
                )
                .and_then(|mut s| s.execute(params![store, key, value]))
                .map_err(sql)?;
            }
            quota.check_usage(store, usage)?;
            record_usage(&tx, store, usage)?;
            if Instant::now() >= deadline {
                return Err(KvError::Deadline);
            }
            tx.commit().map_err(sql)
        })
    }

    fn delete_many(&self, store: &str, keys: &[String], deadline: Instant) -> Result<(), KvError> {
        self.with(Some(deadline), |connection| {
            let tx = write_transaction(connection)?;
            let mut usage = usage_of(&tx, store)?;
            for key in keys {
                if Instant::now() >= deadline {
                    return Err(KvError::Deadline);
                }
                let old = stored_len(&tx, store, key)?;
                usage = usage.replacing(key, old, None);
                tx.prepare_cached("DELETE FROM kv WHERE store = ?1 AND key = ?2")
                    .and_then(|mut s| s.execute(params![store, key]))
                    .map_err(sql)?;
            }
            record_usage(&tx, store, usage)?;
            if Instant::now() >= deadline {
                return Err(KvError::Deadline);
            }
            tx.commit().map_err(sql)
        })
    }

    fn keys(
        &self,
        store: &str,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<String>, bool), KvError> {
        let mut keys = self.with(None, |connection| {
            let mut statement = connection
                .prepare_cached(
                    "SELECT key FROM kv WHERE store = ?1 ORDER BY key LIMIT ?2 OFFSET ?3",
                )
                .map_err(sql)?;
            // One more than asked tells whether another page follows.
            let fetch = i64::try_from(limit.saturating_add(1)).unwrap_or(i64::MAX);
            let offset = i64::try_from(offset).unwrap_or(i64::MAX);
            statement
                .query_map(params![store, fetch, offset], |row| row.get::<_, String>(0))
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<String>>>())
                .map_err(sql)
        })?;
        let more = keys.len() > limit;
        keys.truncate(limit);
        Ok((keys, more))
    }

    fn increment(
        &self,
        store: &str,
        key: &str,
        delta: u64,
        quota: &KvQuota,
    ) -> Result<u64, KvError> {
        self.with(None, |connection| {
            let tx = write_transaction(connection)?;
            let usage = usage_of(&tx, store)?;
            let current: Option<Vec<u8>> = tx
                .query_row(
                    "SELECT value FROM kv WHERE store = ?1 AND key = ?2",
                    params![store, key],
                    |row| row.get(0),
                )
                .optional()
                .map_err(sql)?;
            let old = current.as_ref().map(|v| v.len() as u64);
            let current = match current {
                Some(bytes) => parse_counter(key, &bytes)?,
                None => 0,
            };
            let next = add_to_counter(key, current, delta)?;
            let value = next.to_string().into_bytes();
            let usage = usage.replacing(key, old, Some(value.len() as u64));
            quota.check_usage(store, usage)?;
            tx.execute(
                "INSERT OR REPLACE INTO kv (store, key, value) VALUES (?1, ?2, ?3)",
                params![store, key, value],
            )
            .map_err(sql)?;
            record_usage(&tx, store, usage)?;
            tx.commit().map_err(sql)?;
            Ok(next)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_db(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("edge-sqlite-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir.join("nested").join("kv.sqlite")
    }

    fn later() -> Instant {
        Instant::now() + std::time::Duration::from_secs(60)
    }

    fn set(kv: &SqliteKv, store: &str, key: &str, value: &[u8]) {
        let pair = [(key.to_owned(), value.to_vec())];
        kv.set_many(store, &pair, &KvQuota::unlimited(), later())
            .expect("set");
    }

    fn get(kv: &SqliteKv, store: &str, key: &str) -> Option<Vec<u8>> {
        kv.get_many(store, &[key.to_owned()], usize::MAX, later())
            .expect("get")
            .remove(0)
    }

    #[test]
    fn data_survives_reopening_the_file() {
        let path = temp_db("reopen");
        let quota = KvQuota::unlimited();
        {
            let kv = SqliteKv::open(&path).expect("open");
            set(&kv, "default", "k", b"v");
            assert_eq!(kv.increment("default", "n", 5, &quota), Ok(5));
        }
        let kv = SqliteKv::open(&path).expect("reopen");
        assert_eq!(get(&kv, "default", "k"), Some(b"v".to_vec()));
        assert_eq!(kv.increment("default", "n", 1, &quota), Ok(6));
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
        let quota = KvQuota {
            max_value_bytes: 100,
            max_keys: 2,
            max_store_bytes: 100,
        };
        let third = [("c".to_owned(), b"1".to_vec())];
        let err = kv
            .set_many("s", &third, &quota, later())
            .expect_err("a third key over 2");
        assert!(format!("{err:?}").contains("kv-max-keys"), "{err:?}");
        assert_eq!(get(&kv, "s", "c"), None, "a refused batch writes nothing");
        let replace = [("a".to_owned(), b"x".to_vec())];
        kv.set_many("s", &replace, &quota, later())
            .expect("replacing a key adds none");
    }

    #[test]
    fn a_quota_holds_across_servers_sharing_the_file() {
        // Two handles on one file are what two server processes are: each
        // its own connection and no memory shared.
        let path = temp_db("shared-quota");
        let first = SqliteKv::open(&path).expect("open");
        let second = SqliteKv::open(&path).expect("open again");
        let quota = KvQuota {
            max_value_bytes: 100,
            max_keys: 2,
            max_store_bytes: 100,
        };
        let one = |key: &str| [(key.to_owned(), b"v".to_vec())];
        first.set_many("s", &one("a"), &quota, later()).expect("a");
        second.set_many("s", &one("b"), &quota, later()).expect("b");
        let err = first
            .set_many("s", &one("c"), &quota, later())
            .expect_err("a third key over 2, counted across both");
        assert!(format!("{err:?}").contains("would hold 3 keys"), "{err:?}");
        let err = second
            .increment("s", "n", 1, &quota)
            .expect_err("the counter is a third key too");
        assert!(format!("{err:?}").contains("would hold 3 keys"), "{err:?}");
        second
            .delete_many("s", &["a".to_owned()], later())
            .expect("delete");
        first
            .set_many("s", &one("c"), &quota, later())
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
        let err = kv
            .set_many("s", &[("c".to_owned(), b"1".to_vec())], &quota, later())
            .expect_err("a, b and c are 10 bytes");
        assert!(
            format!("{err:?}").contains("would hold 10 bytes"),
            "{err:?}"
        );
    }

    #[test]
    fn a_write_waiting_for_another_servers_lock_ends_at_its_deadline() {
        let path = temp_db("locked");
        let kv = SqliteKv::open(&path).expect("open");
        let mut other = Connection::open(&path).expect("another process's connection");
        let holding = other
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .expect("the write lock");
        let started = Instant::now();
        let pair = [("k".to_owned(), b"v".to_vec())];
        let deadline = started + Duration::from_millis(300);
        assert_eq!(
            kv.set_many("s", &pair, &KvQuota::unlimited(), deadline),
            Err(KvError::Deadline)
        );
        assert!(started.elapsed() < LOCK_WAIT, "{:?}", started.elapsed());
        drop(holding);
        kv.set_many("s", &pair, &KvQuota::unlimited(), later())
            .expect("the lock is free again");
    }

    #[test]
    fn a_batch_stopped_by_its_deadline_writes_nothing() {
        let kv = SqliteKv::open(&temp_db("deadline")).expect("open");
        let pairs: Vec<(String, Vec<u8>)> =
            (0..100).map(|i| (format!("k{i}"), b"v".to_vec())).collect();
        assert_eq!(
            kv.set_many("s", &pairs, &KvQuota::unlimited(), Instant::now()),
            Err(KvError::Deadline)
        );
        assert_eq!(kv.keys("s", 0, 10), Ok((Vec::new(), false)));
    }

    #[test]
    fn pages_of_keys_and_deletes() {
        let kv = SqliteKv::open(&temp_db("pages")).expect("open");
        for i in 0..5 {
            set(&kv, "s", &format!("k{i}"), b"v");
        }
        assert_eq!(
            kv.keys("s", 0, 2),
            Ok((vec!["k0".to_owned(), "k1".to_owned()], true))
        );
        assert_eq!(kv.keys("s", 4, 2), Ok((vec!["k4".to_owned()], false)));
        kv.delete_many("s", &["k0".to_owned()], later())
            .expect("delete");
        assert_eq!(kv.keys("s", 0, 10).map(|(k, _)| k.len()), Ok(4));
        set(&kv, "s", "text", b"x");
        assert!(kv.increment("s", "text", 1, &KvQuota::unlimited()).is_err());
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
}
