//! [`SqliteKv`]: key-value data in an SQLite file, for `edge serve`.
//!
//! The file gives the contract's primitives ([`KvStorage`]); the rules of
//! every call are the harness's [`KvStore`](edge_harness::kv::KvStore).

mod file;
#[cfg(test)]
mod tests;
mod transaction;

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use edge_harness::kv::{DeadlineGuard, DeadlineLock, KvError, KvStorage, ReadWork, WriteWork};
use rusqlite::{Connection, TransactionBehavior};

use transaction::{SqliteTx, sql};

/// Stores kept in one SQLite file (WAL, `synchronous=FULL`): a write the
/// guest saw succeed survives a crash of the server. Each call is one
/// transaction, so a batch is written whole or not at all. What each store
/// holds (for its quota) is a table of the file, read and updated in each
/// write's transaction, which takes the file's write lock first: servers in
/// several processes sharing one file keep one count, and a quota holds
/// across them.
///
/// Every wait is bounded by the call's deadline: for the connection (one
/// call at a time), for another process's write lock (SQLite's busy wait,
/// set to what is left), and a statement still running when it passes is
/// interrupted.
pub(crate) struct SqliteKv {
    connection: DeadlineLock<Connection>,
    /// The deadline of the call running now, which SQLite's progress
    /// handler checks every few thousand steps: a statement still running
    /// when it passes is interrupted (and its transaction rolled back).
    deadline: Arc<CallDeadline>,
}

/// A call's deadline, readable from SQLite's progress handler.
#[derive(Default)]
struct CallDeadline(Mutex<Option<Instant>>);

impl CallDeadline {
    fn set(&self, deadline: Instant) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(deadline);
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
        let mut connection = file::open(path)?;
        let deadline = Arc::new(CallDeadline::default());
        let checked = deadline.clone();
        connection
            .progress_handler(10_000, Some(move || checked.passed()))
            .context("cannot watch the KV file's statements for deadlines")?;
        Ok(Self {
            connection: DeadlineLock::new(connection),
            deadline,
        })
    }

    /// The connection, for a call that must end by `deadline`: SQLite
    /// waits for another process's lock only as long as is left, and
    /// interrupts a statement still running then.
    fn connection(&self, deadline: Instant) -> Result<DeadlineGuard<'_, Connection>, KvError> {
        let connection = self.connection.lock_until(deadline)?;
        let left = deadline
            .checked_duration_since(Instant::now())
            .filter(|left| !left.is_zero())
            .ok_or(KvError::Deadline)?;
        // Whole milliseconds, rounded up: SQLite gives up at the deadline,
        // not just before it.
        let wait = Duration::from_millis(u64::try_from(left.as_millis()).unwrap_or(u64::MAX) + 1);
        connection.busy_timeout(wait).map_err(sql)?;
        self.deadline.set(deadline);
        Ok(connection)
    }
}

impl KvStorage for SqliteKv {
    fn read(&self, store: &str, deadline: Instant, work: &mut ReadWork<'_>) -> Result<(), KvError> {
        let mut connection = self.connection(deadline)?;
        // One snapshot for the whole read; dropped (rolled back) after.
        let tx = connection.transaction().map_err(sql)?;
        work(&mut SqliteTx::new(&tx, store))
    }

    fn write(
        &self,
        store: &str,
        deadline: Instant,
        work: &mut WriteWork<'_>,
    ) -> Result<(), KvError> {
        let mut connection = self.connection(deadline)?;
        // The file's write lock at once, so the usage read stays true until
        // the commit.
        let tx = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        work(&mut SqliteTx::new(&tx, store))?;
        tx.commit().map_err(sql)
    }
}
