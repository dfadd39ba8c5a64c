//! [`SqliteTx`]: the contract's primitives as statements on one store's
//! rows, inside a transaction.

use edge_harness::kv::{KvError, KvRead, KvUsage, KvWrite};
use rusqlite::{Connection, OptionalExtension, params};

/// A transaction (read or write) on the rows of one store.
pub(super) struct SqliteTx<'a> {
    connection: &'a Connection,
    store: &'a str,
}

impl<'a> SqliteTx<'a> {
    /// Statements on `store` in the transaction `connection` is in.
    pub(super) fn new(connection: &'a Connection, store: &'a str) -> Self {
        Self { connection, store }
    }
}

/// A failure of SQLite, as the guest reads it.
pub(super) fn sql(e: rusqlite::Error) -> KvError {
    KvError::storage(format!("SQLite: {e}"))
}

/// A count SQLite stores (an `i64`) as the contract counts it.
fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl KvRead for SqliteTx<'_> {
    fn value(&mut self, key: &str) -> Result<Option<Vec<u8>>, KvError> {
        self.connection
            .prepare_cached("SELECT value FROM kv WHERE store = ?1 AND key = ?2")
            .and_then(|mut s| {
                s.query_row(params![self.store, key], |row| row.get(0))
                    .optional()
            })
            .map_err(sql)
    }

    fn value_len(&mut self, key: &str) -> Result<Option<u64>, KvError> {
        self.connection
            .prepare_cached("SELECT length(value) FROM kv WHERE store = ?1 AND key = ?2")
            .and_then(|mut s| {
                s.query_row(params![self.store, key], |row| row.get::<_, i64>(0))
                    .optional()
            })
            .map(|len| len.map(count))
            .map_err(sql)
    }

    fn keys(&mut self, offset: usize, limit: usize) -> Result<Vec<String>, KvError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        self.connection
            .prepare_cached("SELECT key FROM kv WHERE store = ?1 ORDER BY key LIMIT ?2 OFFSET ?3")
            .and_then(|mut s| {
                s.query_map(params![self.store, limit, offset], |row| row.get(0))
                    .and_then(Iterator::collect)
            })
            .map_err(sql)
    }
}

impl KvWrite for SqliteTx<'_> {
    fn put(&mut self, key: &str, value: &[u8]) -> Result<(), KvError> {
        self.connection
            .prepare_cached("INSERT OR REPLACE INTO kv (store, key, value) VALUES (?1, ?2, ?3)")
            .and_then(|mut s| s.execute(params![self.store, key, value]))
            .map(drop)
            .map_err(sql)
    }

    fn remove(&mut self, key: &str) -> Result<(), KvError> {
        self.connection
            .prepare_cached("DELETE FROM kv WHERE store = ?1 AND key = ?2")
            .and_then(|mut s| s.execute(params![self.store, key]))
            .map(drop)
            .map_err(sql)
    }

    fn usage(&mut self) -> Result<KvUsage, KvError> {
        self.connection
            .prepare_cached("SELECT keys, bytes FROM kv_usage WHERE store = ?1")
            .and_then(|mut s| {
                s.query_row(params![self.store], |row| {
                    Ok(KvUsage {
                        keys: count(row.get(0)?),
                        bytes: count(row.get(1)?),
                    })
                })
                .optional()
            })
            .map(Option::unwrap_or_default)
            .map_err(sql)
    }

    fn record_usage(&mut self, usage: KvUsage) -> Result<(), KvError> {
        let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        self.connection
            .prepare_cached(
                "INSERT OR REPLACE INTO kv_usage (store, keys, bytes) VALUES (?1, ?2, ?3)",
            )
            .and_then(|mut s| s.execute(params![self.store, count(usage.keys), count(usage.bytes)]))
            .map(drop)
            .map_err(sql)
    }
}
