//! One request through a reused instance: handed to the pool, its head
//! awaited under the request's own limit.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use tokio::sync::oneshot;

use super::{InstancePool, Job, JobBody};
use crate::Limits;
use crate::runtime::answer::Answer;
use crate::runtime::failure::Failure;
use crate::runtime::failure_response::failure_response;
use crate::runtime::guest_body::GuestBody;
use crate::runtime::guest_end::GuestEnd;
use crate::runtime::guest_head::HeadResult;
use crate::runtime::log_capture::LogCapture;
use crate::runtime::request_timing::TimingRecorder;

/// Hands `request` to `pool` and answers with its head, or with why
/// there is none.
pub(crate) async fn handle(
    pool: &InstancePool,
    limits: &Limits,
    request: http::Request<JobBody>,
    stdout: LogCapture,
    stderr: LogCapture,
    timing: TimingRecorder,
) -> Answer {
    let (head_tx, head_rx) = oneshot::channel::<HeadResult>();
    let (end_tx, end) = GuestEnd::pending();
    let start = tokio::time::Instant::now();
    let alive = pool.submit(Job {
        request,
        head_tx,
        head_sent: Arc::new(AtomicBool::new(false)),
        end_tx,
        stdout: stdout.clone(),
        stderr: stderr.clone(),
        start,
    });
    let failed = |failure: Arc<Failure>, end| Answer {
        response: failure_response(&failure),
        failure: Some(failure),
        end,
        stdout: stdout.clone(),
        stderr: stderr.clone(),
        timing: timing.clone(),
    };
    match tokio::time::timeout_at(start + limits.timeout, head_rx).await {
        Ok(Ok(Ok(head))) if !(200..=599).contains(&head.status().as_u16()) => {
            failed(Arc::new(Failure::BadStatus(head.status().as_u16())), end)
        }
        Ok(Ok(Ok(head))) => Answer {
            response: head.map(|body| GuestBody::guest_p3(body, &end, alive)),
            failure: None,
            end,
            stdout,
            stderr,
            timing,
        },
        Ok(Ok(Err(code))) => failed(Arc::new(Failure::GuestError(code)), end),
        // The instance ended before the head: its end says why.
        Ok(Err(_)) => match end.wait().await {
            Err(failure) => failed(failure, GuestEnd::ended()),
            Ok(()) => failed(Arc::new(Failure::NoResponse), GuestEnd::ended()),
        },
        // The instance ends at this request's deadline, and with it the
        // request: its end says so.
        Err(_) => failed(Arc::new(Failure::Timeout(limits.timeout)), end),
    }
}
