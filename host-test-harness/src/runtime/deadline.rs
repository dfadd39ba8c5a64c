//! [`RequestDeadline`]: when one request's time is up, for the guest's CPU
//! (epoch interruption) and for its host calls alike.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::Limits;

/// The request's deadline: its head must come within `timeout` of the
/// start, the whole response within `body_timeout`.
#[derive(Clone, Debug)]
pub(crate) struct RequestDeadline {
    start: Instant,
    timeout: Duration,
    body_timeout: Duration,
    head_sent: Arc<AtomicBool>,
}

impl RequestDeadline {
    /// A deadline starting now; `head_sent` turns true when the head is out.
    pub(crate) fn start(limits: &Limits, head_sent: Arc<AtomicBool>) -> Self {
        Self {
            start: Instant::now(),
            timeout: limits.timeout,
            body_timeout: limits.body_timeout,
            head_sent,
        }
    }

    /// The limit that applies now: the head's, or once it is out the body's.
    pub(crate) fn limit(&self) -> Duration {
        if self.head_sent.load(Ordering::Acquire) {
            self.body_timeout
        } else {
            self.timeout
        }
    }

    /// The moment the limit that applies now runs out.
    pub(crate) fn at(&self) -> Instant {
        self.start + self.limit()
    }

    /// Whether the limit that applies now has run out.
    pub(crate) fn passed(&self) -> bool {
        self.start.elapsed() >= self.limit()
    }
}

/// The trap of a host call still running when its request's time was up.
#[derive(Debug)]
pub(crate) struct HostCallDeadline(pub(crate) Duration);

impl std::fmt::Display for HostCallDeadline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "a host call was still running at the time limit of {} ms",
            self.0.as_millis()
        )
    }
}

impl std::error::Error for HostCallDeadline {}
