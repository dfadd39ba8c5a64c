//! [`InstanceDeadline`]: when a reused instance's time is up: the earliest
//! deadline of the requests it is serving.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

/// The deadlines of the requests in one instance, by request.
#[derive(Debug, Default)]
pub(crate) struct InstanceDeadline {
    requests: Mutex<HashMap<u64, (Instant, Duration)>>,
    changed: Notify,
}

impl InstanceDeadline {
    /// Request `id` must be done by `at`, its limit being `limit`.
    pub(crate) fn set(&self, id: u64, at: Instant, limit: Duration) {
        self.lock().insert(id, (at, limit));
        self.changed.notify_waiters();
    }

    /// Request `id` is done.
    pub(crate) fn remove(&self, id: u64) {
        self.lock().remove(&id);
        self.changed.notify_waiters();
    }

    /// Request `id`'s deadline and limit, if it is in.
    pub(crate) fn of(&self, id: u64) -> Option<(Instant, Duration)> {
        self.lock().get(&id).copied()
    }

    /// The earliest deadline and its limit, if any request is in.
    pub(crate) fn earliest(&self) -> Option<(Instant, Duration)> {
        self.lock().values().min_by_key(|(at, _)| *at).copied()
    }

    /// Resolves with the limit that ran out, once the earliest deadline
    /// has passed.
    pub(crate) async fn expired(&self) -> Duration {
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            match self.earliest() {
                None => changed.await,
                Some((at, limit)) => {
                    tokio::select! {
                        () = tokio::time::sleep_until(at) => return limit,
                        () = changed => {}
                    }
                }
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, (Instant, Duration)>> {
        self.requests.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
