//! Instance reuse for WASI 0.3 components, an opt-in of the app
//! (`instance-reuse`, `instance-concurrency`): an instance serves up to so
//! many requests, so many at once, before it is dropped.
//!
//! What it gives up, by design: requests on one instance see what earlier
//! ones left in its memory; they share its memory budget; and they share
//! its end, so when one traps or runs past its limit, every request on that
//! instance fails with it (the instance is the unit a host can stop).
//! Guest output written while several requests are in goes to each of
//! them.

pub(crate) mod instance_deadline;
mod request;
mod watched_body;
mod worker;

pub(crate) use request::handle;

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;
use http_body_util::combinators::UnsyncBoxBody;
use tokio::sync::mpsc;
use wasmtime_wasi_http::p3::bindings::ServicePre;

use super::guest_end::EndSender;
use super::guest_head::HeadSender;
use super::host_services::HostServices;
use super::log_capture::LogCapture;
use super::request_state::RequestState;
use crate::Limits;

/// A request body as a reused instance takes it.
pub(crate) type JobBody = UnsyncBoxBody<Bytes, wasmtime_wasi_http::Error>;

/// One request for a reused instance, and where its answer goes.
pub(crate) struct Job {
    pub(crate) request: http::Request<JobBody>,
    pub(crate) head_tx: HeadSender,
    pub(crate) head_sent: Arc<AtomicBool>,
    pub(crate) end_tx: EndSender,
    pub(crate) stdout: LogCapture,
    pub(crate) stderr: LogCapture,
    pub(crate) start: tokio::time::Instant,
}

/// The instances of one app that serve more than one request each.
pub(crate) struct InstancePool {
    shared: Arc<Shared>,
}

/// What every instance of the pool is made from.
struct Shared {
    pre: ServicePre<RequestState>,
    limits: Limits,
    services: HostServices,
    instances: Mutex<Vec<Arc<Instance>>>,
}

/// One instance as the pool sees it.
struct Instance {
    jobs: mpsc::UnboundedSender<Job>,
    /// Requests given to it so far.
    taken: AtomicU32,
    /// Requests it has not finished.
    in_flight: Arc<AtomicU32>,
    /// Its store is still there.
    alive: Arc<AtomicBool>,
}

// (An instance whose queue is closed takes no more requests: it is idle
// or has ended, and leaves the pool's list.)

impl InstancePool {
    pub(crate) fn new(
        pre: ServicePre<RequestState>,
        limits: Limits,
        services: HostServices,
    ) -> Self {
        Self {
            shared: Arc::new(Shared {
                pre,
                limits,
                services,
                instances: Mutex::new(Vec::new()),
            }),
        }
    }

    /// Hands `job` to an instance with room for it, or to a new one.
    /// Returns the flag that says whether that instance's store is there.
    pub(crate) fn submit(&self, job: Job) -> Arc<AtomicBool> {
        let limits = &self.shared.limits;
        let mut instances = self
            .shared
            .instances
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        instances.retain(|i| {
            !i.jobs.is_closed() && i.taken.load(Ordering::Acquire) < limits.instance_reuse
        });
        let mut job = Some(job);
        for instance in instances.iter() {
            if instance.in_flight.load(Ordering::Acquire) >= limits.instance_concurrency {
                continue;
            }
            instance.taken.fetch_add(1, Ordering::AcqRel);
            instance.in_flight.fetch_add(1, Ordering::AcqRel);
            match instance
                .jobs
                .send(job.take().unwrap_or_else(|| unreachable!("sent once")))
            {
                Ok(()) => return instance.alive.clone(),
                // It stopped taking requests (idle, or ended) just now.
                Err(mpsc::error::SendError(back)) => job = Some(back),
            }
        }
        let (jobs, queue) = mpsc::unbounded_channel();
        let instance = Arc::new(Instance {
            jobs,
            taken: AtomicU32::new(1),
            in_flight: Arc::new(AtomicU32::new(1)),
            alive: Arc::new(AtomicBool::new(true)),
        });
        let alive = instance.alive.clone();
        let first = job.unwrap_or_else(|| unreachable!("not sent yet"));
        tokio::spawn(worker::run(
            self.shared.clone(),
            instance.in_flight.clone(),
            instance.alive.clone(),
            first,
            queue,
        ));
        instances.push(instance);
        alive
    }
}
