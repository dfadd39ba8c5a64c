//! Opening the KV file: its directory, WAL, and the tables, counted for a
//! file of an older edge.

use std::path::Path;
use std::time::Duration;

use anyhow::Context as _;
use rusqlite::{Connection, TransactionBehavior};

/// How long opening the file waits for another process's write lock. Only
/// at start-up: a call waits as long as its deadline leaves.
pub(super) const OPEN_LOCK_WAIT: Duration = Duration::from_secs(5);

/// Opens (or creates) the database at `path`, and its directory, ready for
/// the key-value tables.
pub(super) fn open(path: &Path) -> anyhow::Result<Connection> {
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
    Ok(connection)
}

/// Sets the file up: WAL, the `kv` table, and the `kv_usage` table, counted
/// from `kv` when the file has none yet (a file of an older edge).
fn prepare(connection: &mut Connection) -> rusqlite::Result<()> {
    connection.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;",
    )?;
    connection.busy_timeout(OPEN_LOCK_WAIT)?;
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
