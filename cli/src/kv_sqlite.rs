//! [`SqliteKv`]: key-value data in an SQLite file, for `edge serve`.

use std::path::Path;
use std::sync::{Mutex, PoisonError};

use anyhow::Context as _;
use rusqlite::{Connection, OptionalExtension, params};

use edge_harness::kv::{KvStorage, parse_counter};

/// Stores kept in one SQLite file (WAL, `synchronous=FULL`): a write the
/// guest saw succeed survives a crash of the server.
pub(crate) struct SqliteKv {
    connection: Mutex<Connection>,
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
        let connection = Connection::open(path)
            .with_context(|| format!("cannot open the KV file {}", path.display()))?;
        connection
            .execute_batch(
                "PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = FULL;
                 PRAGMA busy_timeout = 5000;
                 CREATE TABLE IF NOT EXISTS kv (
                     store TEXT NOT NULL,
                     key TEXT NOT NULL,
                     value BLOB NOT NULL,
                     PRIMARY KEY (store, key)
                 ) WITHOUT ROWID;",
            )
            .with_context(|| {
                format!(
                    "cannot prepare the KV file {} (is it an SQLite database?)",
                    path.display()
                )
            })?;
        Ok(Self {
            connection: Mutex::new(connection),
        })
    }

    fn with<R>(&self, f: impl FnOnce(&mut Connection) -> rusqlite::Result<R>) -> Result<R, String> {
        let mut connection = self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        f(&mut connection).map_err(|e| format!("SQLite: {e}"))
    }
}

impl KvStorage for SqliteKv {
    fn get(&self, store: &str, key: &str) -> Result<Option<Vec<u8>>, String> {
        self.with(|c| {
            c.prepare_cached("SELECT value FROM kv WHERE store = ?1 AND key = ?2")?
                .query_row(params![store, key], |row| row.get(0))
                .optional()
        })
    }

    fn set(&self, store: &str, key: &str, value: &[u8]) -> Result<(), String> {
        self.with(|c| {
            c.prepare_cached("INSERT OR REPLACE INTO kv (store, key, value) VALUES (?1, ?2, ?3)")?
                .execute(params![store, key, value])
                .map(drop)
        })
    }

    fn delete(&self, store: &str, key: &str) -> Result<(), String> {
        self.with(|c| {
            c.prepare_cached("DELETE FROM kv WHERE store = ?1 AND key = ?2")?
                .execute(params![store, key])
                .map(drop)
        })
    }

    fn keys(
        &self,
        store: &str,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<String>, bool), String> {
        let (mut keys, limit) = self.with(|c| {
            let mut statement = c.prepare_cached(
                "SELECT key FROM kv WHERE store = ?1 ORDER BY key LIMIT ?2 OFFSET ?3",
            )?;
            // One more than asked tells whether another page follows.
            let fetch = i64::try_from(limit.saturating_add(1)).unwrap_or(i64::MAX);
            let offset = i64::try_from(offset).unwrap_or(i64::MAX);
            let keys = statement
                .query_map(params![store, fetch, offset], |row| row.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            Ok((keys, limit))
        })?;
        let more = keys.len() > limit;
        keys.truncate(limit);
        Ok((keys, more))
    }

    fn increment(&self, store: &str, key: &str, delta: u64) -> Result<u64, String> {
        let mut connection = self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let sql = |e: rusqlite::Error| format!("SQLite: {e}");
        let transaction = connection.transaction().map_err(sql)?;
        let current: Option<Vec<u8>> = transaction
            .query_row(
                "SELECT value FROM kv WHERE store = ?1 AND key = ?2",
                params![store, key],
                |row| row.get(0),
            )
            .optional()
            .map_err(sql)?;
        let current = match current {
            Some(bytes) => parse_counter(key, &bytes)?,
            None => 0,
        };
        let next = current
            .checked_add(delta)
            .ok_or_else(|| format!("incrementing `{key}` would overflow a u64"))?;
        transaction
            .execute(
                "INSERT OR REPLACE INTO kv (store, key, value) VALUES (?1, ?2, ?3)",
                params![store, key, next.to_string().into_bytes()],
            )
            .map_err(sql)?;
        transaction.commit().map_err(sql)?;
        Ok(next)
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

    #[test]
    fn data_survives_reopening_the_file() {
        let path = temp_db("reopen");
        {
            let kv = SqliteKv::open(&path).expect("open");
            kv.set("default", "k", b"v").expect("set");
            assert_eq!(kv.increment("default", "n", 5), Ok(5));
        }
        let kv = SqliteKv::open(&path).expect("reopen");
        assert_eq!(kv.get("default", "k"), Ok(Some(b"v".to_vec())));
        assert_eq!(kv.increment("default", "n", 1), Ok(6));
        assert_eq!(kv.get("other", "k"), Ok(None));
    }

    #[test]
    fn pages_of_keys_and_deletes() {
        let kv = SqliteKv::open(&temp_db("pages")).expect("open");
        for i in 0..5 {
            kv.set("s", &format!("k{i}"), b"v").expect("set");
        }
        assert_eq!(
            kv.keys("s", 0, 2),
            Ok((vec!["k0".to_owned(), "k1".to_owned()], true))
        );
        assert_eq!(kv.keys("s", 4, 2), Ok((vec!["k4".to_owned()], false)));
        kv.delete("s", "k0").expect("delete");
        assert_eq!(kv.keys("s", 0, 10).map(|(k, _)| k.len()), Ok(4));
        kv.set("s", "text", b"x").expect("set");
        assert!(kv.increment("s", "text", 1).is_err());
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
