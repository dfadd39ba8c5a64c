//! [`Pool`]: a bounded set of Redis connections, each used by one call at
//! a time (a transaction's `WATCH` belongs to its connection).

use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use redis::aio::MultiplexedConnection;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// At most `size` connections, made when first needed and again after one
/// fails: a Redis that restarts is reconnected to by the next call.
pub(super) struct Pool {
    client: redis::Client,
    idle: Mutex<Vec<MultiplexedConnection>>,
    permits: std::sync::Arc<Semaphore>,
}

/// A connection taken from the pool; [`Pool::give_back`] returns it, and
/// dropping it instead (after a failure) frees its place for a new one.
pub(super) struct Taken {
    pub(super) connection: MultiplexedConnection,
    _permit: OwnedSemaphorePermit,
}

/// Why no connection could be had.
pub(super) enum TakeError {
    /// The deadline came first.
    Deadline,
    /// Redis refused or could not be reached.
    Redis(redis::RedisError),
}

impl Pool {
    /// A pool of at most `size` connections to `client`'s server.
    pub(super) fn new(client: redis::Client, size: usize) -> Self {
        Self {
            client,
            idle: Mutex::new(Vec::new()),
            permits: std::sync::Arc::new(Semaphore::new(size)),
        }
    }

    /// A connection, waiting for a free place no later than `deadline`.
    pub(super) async fn take(&self, deadline: Instant) -> Result<Taken, TakeError> {
        let permit = tokio::time::timeout_at(deadline.into(), self.permits.clone().acquire_owned())
            .await
            .map_err(|_| TakeError::Deadline)?
            .map_err(|_| TakeError::Deadline)?;
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let connection = match idle {
            Some(connection) => connection,
            None => tokio::time::timeout_at(
                deadline.into(),
                self.client.get_multiplexed_async_connection(),
            )
            .await
            .map_err(|_| TakeError::Deadline)?
            .map_err(TakeError::Redis)?,
        };
        Ok(Taken {
            connection,
            _permit: permit,
        })
    }

    /// Returns a connection that is in a known state (no transaction or
    /// watch left open) for the next call.
    pub(super) fn give_back(&self, taken: Taken) {
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(taken.connection);
    }
}
