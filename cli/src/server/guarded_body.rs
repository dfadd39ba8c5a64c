//! [`GuardedBody`]: a guest's streaming body that ends only once the guest
//! itself has ended.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use edge_harness::runtime::Failure;
use http_body::Frame;

use super::ServeError;

/// How a response body ended, for its log line.
pub(super) enum Ending<'a> {
    /// Every byte sent, and the guest ended well.
    Complete,
    /// The guest failed; hyper cut the connection.
    Failed(&'a Failure),
    /// The connection ended before the body did (the client left, or was
    /// closed for reading nothing).
    ConnectionEnded { sent: u64 },
}

pub(super) type DoneFn = Box<dyn for<'a> FnOnce(Ending<'a>) + Send>;

/// The guest's streaming body, ended only once the guest itself has ended:
/// if it failed after the head was sent, the body ends in an error, and
/// hyper cuts the connection instead of finishing the response cleanly.
pub(super) struct GuardedBody {
    inner: wasmtime_wasi_http::p2::body::HyperOutgoingBody,
    finished: Option<tokio::task::JoinHandle<Result<(), Failure>>>,
    done: Option<DoneFn>,
    /// A failure seen but not yet returned: see [`GuardedBody::fail`].
    failing: Option<Failure>,
    /// Body bytes handed to hyper so far.
    sent: u64,
    /// The response's `Content-Length`, if it has one.
    expected: Option<u64>,
    /// Trailers end a body: hyper drops it after them without asking more.
    trailers_sent: bool,
    /// Set when this body's log line says its connection ended, so that
    /// the connection's error is not logged again.
    noted: Arc<AtomicBool>,
}

impl GuardedBody {
    /// Guards `inner`, the body of a guest still running as `finished`;
    /// `done` gets how it ended, once.
    pub(super) fn new(
        inner: wasmtime_wasi_http::p2::body::HyperOutgoingBody,
        finished: Option<tokio::task::JoinHandle<Result<(), Failure>>>,
        expected: Option<u64>,
        noted: Arc<AtomicBool>,
        done: DoneFn,
    ) -> Self {
        Self {
            inner,
            finished,
            done: Some(done),
            failing: None,
            sent: 0,
            expected,
            trailers_sent: false,
            noted,
        }
    }

    fn report(&mut self, failure: Option<&Failure>) {
        if let Some(done) = self.done.take() {
            done(failure.map_or(Ending::Complete, Ending::Failed));
        }
    }

    /// Fails the body, one poll late: hyper drops what it has buffered but
    /// not written when a body fails, so it first gets a `Pending` (and an
    /// immediate wake-up) in which it flushes the head and the bytes before
    /// the failure. The client then sees the response start, and the
    /// connection cut.
    fn fail(
        &mut self,
        failure: Failure,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, ServeError>>> {
        self.failing = Some(failure);
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

impl http_body::Body for GuardedBody {
    type Data = Bytes;
    type Error = ServeError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, ServeError>>> {
        let this = &mut *self;
        if let Some(failure) = this.failing.take() {
            this.noted.store(true, Ordering::Relaxed);
            this.report(Some(&failure));
            return Poll::Ready(Some(Err(ServeError(failure.to_string()))));
        }
        match ready!(Pin::new(&mut this.inner).poll_frame(cx)) {
            Some(Ok(frame)) => {
                if let Some(data) = frame.data_ref() {
                    this.sent += data.len() as u64;
                }
                this.trailers_sent |= frame.is_trailers();
                return Poll::Ready(Some(Ok(frame)));
            }
            Some(Err(e)) => return this.fail(Failure::GuestError(format!("{e:?}")), cx),
            None => {}
        }
        let Some(finished) = this.finished.as_mut() else {
            this.report(None);
            return Poll::Ready(None);
        };
        let ended = ready!(Pin::new(finished).poll(cx));
        this.finished = None;
        match Failure::of_task(ended) {
            None => {
                this.report(None);
                Poll::Ready(None)
            }
            Some(failure) => this.fail(failure, cx),
        }
    }
}

impl Drop for GuardedBody {
    /// Hyper drops a body with a known length once it has sent that many
    /// bytes, without asking for its end; a connection that ends drops it
    /// too, before its end. The guest's own failure, if any, is the one to
    /// log; else whether the body got through.
    fn drop(&mut self) {
        let Some(done) = self.done.take() else { return };
        let sent = self.sent;
        let got_through = self.trailers_sent || self.expected == Some(sent);
        if !got_through {
            self.noted.store(true, Ordering::Relaxed);
        }
        let ending = move |failure: Option<&Failure>| match failure {
            Some(f) => done(Ending::Failed(f)),
            None if got_through => done(Ending::Complete),
            None => done(Ending::ConnectionEnded { sent }),
        };
        match self.finished.take() {
            Some(finished) => {
                tokio::spawn(async move { ending(Failure::of_task(finished.await).as_ref()) });
            }
            None => ending(self.failing.as_ref()),
        }
    }
}
