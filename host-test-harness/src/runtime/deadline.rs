//! [`RequestDeadline`]: when one request's time is up, for the guest's CPU
//! (epoch interruption) and for its host calls alike.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::reuse::instance_deadline::InstanceDeadline;
use crate::Limits;

/// The request's deadline: its head must come within `timeout` of the
/// start, the whole response within `body_timeout`. Or, for a reused
/// instance, the earliest deadline of the requests it serves.
#[derive(Clone, Debug)]
pub(crate) struct RequestDeadline(Kind);

#[derive(Clone, Debug)]
enum Kind {
    Request {
        start: Instant,
        timeout: Duration,
        body_timeout: Duration,
        head_sent: Arc<AtomicBool>,
    },
    Instance(Arc<InstanceDeadline>),
}

/// What an instance serving no request waits for: long enough not to end
/// a host call, short enough to stay an `Instant`.
const IDLE: Duration = Duration::from_secs(3600);

impl RequestDeadline {
    /// A deadline starting now; `head_sent` turns true when the head is out.
    pub(crate) fn start(limits: &Limits, head_sent: Arc<AtomicBool>) -> Self {
        Self(Kind::Request {
            start: Instant::now(),
            timeout: limits.timeout,
            body_timeout: limits.body_timeout,
            head_sent,
        })
    }

    /// The deadline of a reused instance: its requests' earliest.
    pub(crate) fn instance(requests: Arc<InstanceDeadline>) -> Self {
        Self(Kind::Instance(requests))
    }

    /// The limit that applies now: the head's, or once it is out the body's.
    pub(crate) fn limit(&self) -> Duration {
        match &self.0 {
            Kind::Request {
                timeout,
                body_timeout,
                head_sent,
                ..
            } => {
                if head_sent.load(Ordering::Acquire) {
                    *body_timeout
                } else {
                    *timeout
                }
            }
            Kind::Instance(requests) => requests.earliest().map_or(IDLE, |(_, limit)| limit),
        }
    }

    /// The moment the limit that applies now runs out.
    pub(crate) fn at(&self) -> Instant {
        match &self.0 {
            Kind::Request { start, .. } => *start + self.limit(),
            Kind::Instance(requests) => requests
                .earliest()
                .map_or_else(|| Instant::now() + IDLE, |(at, _)| at.into_std()),
        }
    }

    /// Whether the limit that applies now has run out.
    pub(crate) fn passed(&self) -> bool {
        Instant::now() >= self.at()
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
