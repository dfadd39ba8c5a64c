//! One reused WASI 0.3 instance: its store stays in the event loop while
//! it takes requests from its queue, up to the app's count and
//! concurrency, and ends with the earliest deadline of those it serves.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

use http_body_util::BodyExt as _;
use tokio::sync::{mpsc, oneshot};
use wasmtime::component::Accessor;
use wasmtime_wasi_http::p3::bindings::Service;

use super::instance_deadline::InstanceDeadline;
use super::watched_body::WatchedBody;
use super::{Job, Shared};
use crate::runtime::deadline::RequestDeadline;
use crate::runtime::failure::Failure;
use crate::runtime::guest_end::EndSender;
use crate::runtime::log_capture::LogCapture;
use crate::runtime::request_state::RequestState;
use crate::runtime::request_store;

/// How long an instance waits for a request before it ends.
const IDLE: std::time::Duration = std::time::Duration::from_secs(1);

/// The ends of the requests an instance has not finished, by request.
type Ends = Mutex<HashMap<u64, EndSender>>;

/// Runs one instance: `first`, then what comes on `queue`, until the
/// pool stops sending and the last request is done, or until it fails.
pub(super) async fn run(
    shared: Arc<Shared>,
    in_flight: Arc<AtomicU32>,
    alive: Arc<AtomicBool>,
    first: Job,
    mut queue: mpsc::UnboundedReceiver<Job>,
) {
    let limits = &shared.limits;
    let stdout = LogCapture::fan_out();
    let stderr = LogCapture::fan_out();
    let requests = Arc::new(InstanceDeadline::default());
    let deadline = RequestDeadline::instance(requests.clone());
    let state = RequestState::new(&shared.services, &stdout, &stderr, limits, deadline);
    let mut store = request_store::new(
        shared.pre.engine(),
        state,
        limits,
        RequestDeadline::instance(requests.clone()),
    );
    let ends: Ends = Mutex::new(HashMap::new());
    let mut first = Some(first);
    let ended = async {
        let service = shared
            .pre
            .instantiate_async(&mut store)
            .await
            .map_err(Failure::from_instantiate)?;
        let served = store.run_concurrent(async |accessor| {
            let mut tasks: Vec<Pin<Box<dyn Future<Output = wasmtime::Result<()>> + Send + '_>>> =
                Vec::new();
            let mut taken = 0u32;
            let mut open = true;
            loop {
                let job = match first.take() {
                    Some(job) => Some(job),
                    None => tokio::select! {
                        job = queue.recv(), if open => job,
                        // Idle a while: no more requests for this instance
                        // (what is queued already is still served).
                        () = tokio::time::sleep(IDLE), if open && tasks.is_empty() => {
                            queue.close();
                            continue;
                        }
                        done = next_done(&mut tasks), if !tasks.is_empty() => {
                            done?;
                            in_flight.fetch_sub(1, Ordering::AcqRel);
                            continue;
                        }
                        else => break,
                    },
                };
                match job {
                    Some(job) => {
                        taken += 1;
                        open = taken < limits.instance_reuse;
                        let id = u64::from(taken);
                        let ctx = Serving {
                            accessor,
                            service: &service,
                            requests: &requests,
                            stdout: &stdout,
                            stderr: &stderr,
                            ends: &ends,
                            limits,
                        };
                        tasks.push(Box::pin(serve_one(ctx, job, id)));
                    }
                    None => open = false,
                }
            }
            // Tasks the guest left after its last request: they get that
            // request's body limit at most, then end with the instance.
            let leftovers = std::future::poll_fn(|cx| accessor.poll_no_interesting_tasks(cx));
            let _ = tokio::time::timeout(limits.body_timeout, leftovers).await;
            wasmtime::Result::Ok(())
        });
        tokio::select! {
            ran = served => match ran {
                Ok(Ok(())) => Ok(()),
                Ok(Err(e)) | Err(e) => Err(Failure::from_trap(e, limit_of(&requests))),
            },
            limit = requests.expired() => Err(Failure::Timeout(limit)),
        }
    }
    .await;
    // The store (and so the instance) is gone before any end is told.
    alive.store(false, Ordering::Release);
    drop(store);
    let failure = ended.err().map(Arc::new);
    let now = tokio::time::Instant::now();
    let mut ends = ends.lock().unwrap_or_else(PoisonError::into_inner);
    for (id, end) in ends.drain() {
        let why = match &failure {
            // A timeout is the request's own only if its deadline passed;
            // the others on the instance ended with it.
            Some(f) if matches!(**f, Failure::Timeout(_)) => match requests.of(id) {
                Some((at, limit)) if at <= now => Arc::new(Failure::Timeout(limit)),
                _ => Arc::new(Failure::Trap(format!(
                    "the reused instance it ran in ended: another request on it {f}"
                ))),
            },
            Some(f) => f.clone(),
            None => Arc::new(Failure::Host(anyhow::anyhow!(
                "the reused instance ended before the request did"
            ))),
        };
        let _ = end.send(Some(Err(why)));
    }
    // Requests still queued get the instance's failure too.
    queue.close();
    while let Ok(job) = queue.try_recv() {
        let why = failure.clone().unwrap_or_else(|| {
            Arc::new(Failure::Host(anyhow::anyhow!("the reused instance ended")))
        });
        let _ = job.end_tx.send(Some(Err(why)));
    }
}

/// The result of whichever of `tasks` ends next; it leaves the list.
async fn next_done<T>(tasks: &mut Vec<Pin<Box<dyn Future<Output = T> + Send + '_>>>) -> T {
    std::future::poll_fn(|cx| {
        for index in 0..tasks.len() {
            if let Poll::Ready(done) = tasks[index].as_mut().poll(cx) {
                drop(tasks.swap_remove(index));
                return Poll::Ready(done);
            }
        }
        Poll::Pending
    })
    .await
}

/// The limit of the earliest request in, for a trap's message.
fn limit_of(requests: &InstanceDeadline) -> std::time::Duration {
    requests
        .earliest()
        .map_or(std::time::Duration::ZERO, |(_, limit)| limit)
}

/// What serving one request needs of its instance.
struct Serving<'a> {
    accessor: &'a Accessor<RequestState>,
    service: &'a Service,
    requests: &'a InstanceDeadline,
    stdout: &'a LogCapture,
    stderr: &'a LogCapture,
    ends: &'a Ends,
    limits: &'a crate::Limits,
}

/// Runs `job` as request `id` of the instance: its head to its sender,
/// then its body to its end; its deadline counts for the instance all the
/// while.
async fn serve_one(ctx: Serving<'_>, job: Job, id: u64) -> wasmtime::Result<()> {
    let Job {
        request,
        head_tx,
        head_sent,
        end_tx,
        stdout,
        stderr,
        start,
    } = job;
    let (timeout, body_timeout) = (ctx.limits.timeout, ctx.limits.body_timeout);
    ctx.requests.set(id, start + timeout, timeout);
    ctx.ends
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(id, end_tx);
    ctx.stdout.attach(&stdout);
    ctx.stderr.attach(&stderr);
    // The hooks only filter the fields a guest may not see; the request's
    // own are the defaults (`OutboundPolicy` changes what is sent only).
    let (request, request_io) =
        wasmtime_wasi_http::p3::Request::from_http(wasmtime_wasi_http::default_hooks(), request);
    let answer = ctx.service.handle(ctx.accessor, request).await?;
    let (ended_tx, ended_rx) = oneshot::channel();
    let head = match answer {
        Ok(response) => ctx
            .accessor
            .with(|mut store| response.into_http(&mut store, request_io))
            .map(|res| res.map(|body| WatchedBody::new(body, ended_tx).boxed_unsync()))
            .map_err(|e| format!("{e:#}")),
        Err(code) => Err(format!("{code:?}")),
    };
    let answered = head.is_ok();
    head_sent.store(true, Ordering::Release);
    ctx.requests.set(id, start + body_timeout, body_timeout);
    let _ = head_tx.send(head);
    let outcome = if answered {
        // `None`: read to its end, or dropped by its reader.
        ended_rx.await.unwrap_or(None)
    } else {
        None
    };
    ctx.requests.remove(id);
    ctx.stdout.detach(&stdout);
    ctx.stderr.detach(&stderr);
    let end = ctx
        .ends
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .remove(&id);
    if let Some(end) = end {
        let ending = match outcome {
            None => Ok(()),
            Some(error) => Err(Arc::new(Failure::BodyError(error))),
        };
        let _ = end.send(Some(ending));
    }
    Ok(())
}
