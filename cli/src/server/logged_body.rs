//! [`LoggedBody`]: a guest's response body on its way to a client, logged
//! once it has ended, however it ended.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use edge_harness::runtime::{Failure, GuestBody, GuestEnd};
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
    /// Every byte sent (a WASI 0.3 body ends on its own), then the guest,
    /// still running tasks, failed: stopped at its time limit, say.
    FailedAfter(&'a Failure),
}

pub(super) type DoneFn = Box<dyn for<'a> FnOnce(Ending<'a>) + Send>;

/// The guest's body (which ends, or fails, with the guest) as hyper sends
/// it: `done` gets how it ended, once, whether hyper polled it to its end
/// or dropped it before.
pub(super) struct LoggedBody {
    inner: GuestBody,
    end: GuestEnd,
    done: Option<DoneFn>,
    /// Body bytes handed to hyper so far.
    sent: u64,
    /// How many body bytes the client expects, if it knows.
    expected: Option<u64>,
    /// Trailers end a body: hyper drops it after them without asking more.
    trailers_sent: bool,
    /// Set when this body's log line says its connection ended, so that
    /// the connection's error is not logged again.
    noted: Arc<AtomicBool>,
}

impl LoggedBody {
    /// Logs `inner`, the body of the guest `end` watches, of which the
    /// client expects `expected` bytes if it knows.
    pub(super) fn new(
        inner: GuestBody,
        end: GuestEnd,
        expected: Option<u64>,
        noted: Arc<AtomicBool>,
        done: DoneFn,
    ) -> Self {
        Self {
            inner,
            end,
            done: Some(done),
            sent: 0,
            expected,
            trailers_sent: false,
            noted,
        }
    }

    fn report(&mut self, ending: Ending<'_>) {
        if let Some(done) = self.done.take() {
            done(ending);
        }
    }
}

impl http_body::Body for LoggedBody {
    type Data = Bytes;
    type Error = ServeError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, ServeError>>> {
        let this = &mut *self;
        match ready!(Pin::new(&mut this.inner).poll_frame(cx)) {
            Some(Ok(frame)) => {
                if let Some(data) = frame.data_ref() {
                    this.sent += data.len() as u64;
                }
                this.trailers_sent |= frame.is_trailers();
                Poll::Ready(Some(Ok(frame)))
            }
            Some(Err(failed)) => {
                this.noted.store(true, Ordering::Relaxed);
                this.report(Ending::Failed(failed.failure()));
                Poll::Ready(Some(Err(ServeError(failed.to_string()))))
            }
            None => {
                // A 0.3 guest may run on after its body: the line waits
                // for its end, to say how that went.
                if let Some(done) = this.done.take() {
                    let ended = this.end.wait();
                    tokio::spawn(async move {
                        match ended.await {
                            Ok(()) => done(Ending::Complete),
                            Err(failure) => done(Ending::FailedAfter(&failure)),
                        }
                    });
                }
                Poll::Ready(None)
            }
        }
    }
}

impl Drop for LoggedBody {
    /// Hyper drops a body with a known length once it has sent that many
    /// bytes, without asking for its end; a connection that ends drops it
    /// too, before its end. The guest's own failure, if any, is the one to
    /// log, once the guest has ended; else whether the body got through.
    fn drop(&mut self) {
        let Some(done) = self.done.take() else { return };
        let sent = self.sent;
        let got_through = self.trailers_sent || self.expected == Some(sent);
        if !got_through {
            self.noted.store(true, Ordering::Relaxed);
        }
        let ended = self.end.wait();
        tokio::spawn(async move {
            match ended.await {
                Err(failure) => done(Ending::Failed(&failure)),
                Ok(()) if got_through => done(Ending::Complete),
                Ok(()) => done(Ending::ConnectionEnded { sent }),
            }
        });
    }
}
