//! [`GuestBody`]: a response body that ends, or fails, together with the
//! guest that writes it.

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use wasmtime_wasi_http::p2::body::HyperOutgoingBody;

use super::failure::Failure;
use super::guest_end::{Ending, GuestEnd};

/// A response body as the host gives it to a client: the guest's stream,
/// ended only once the guest itself has ended, so that a guest failing
/// after its head ends the body in an error instead of a clean end; or the
/// host's own body when the guest gave no response.
pub struct GuestBody {
    source: Source,
    end: Option<Pin<Box<dyn Future<Output = Ending> + Send>>>,
    /// For a WASI 0.3 guest: whether its store is still there. A 0.3 body
    /// says itself that it ended well (its end future), and a guest may
    /// keep tasks running after that; so while the store is there, a
    /// clean end of the stream ends the body. Once the store is gone, a
    /// clean-looking end may be the store's drop, and the guest's end
    /// decides.
    store_alive: Option<Arc<AtomicBool>>,
    /// A failure seen but not yet returned: see [`GuestBody::fail`].
    failing: Option<Arc<Failure>>,
    done: bool,
}

enum Source {
    Guest(HyperOutgoingBody),
    Host(Option<Bytes>),
}

/// Why a [`GuestBody`] ended in an error: the guest's failure.
#[derive(Clone, Debug)]
pub struct BodyFailure(Arc<Failure>);

impl BodyFailure {
    /// What went wrong.
    pub fn failure(&self) -> &Failure {
        &self.0
    }
}

impl fmt::Display for BodyFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for BodyFailure {}

impl GuestBody {
    /// The guest's stream, ending with the guest that `end` watches.
    pub(crate) fn guest(inner: HyperOutgoingBody, end: &GuestEnd) -> Self {
        Self {
            source: Source::Guest(inner),
            end: Some(Box::pin(end.wait())),
            store_alive: None,
            failing: None,
            done: false,
        }
    }

    /// A WASI 0.3 guest's stream: it ends when the stream says it ended
    /// well while `store_alive`, else with the guest that `end` watches.
    pub(crate) fn guest_p3(
        inner: HyperOutgoingBody,
        end: &GuestEnd,
        store_alive: Arc<AtomicBool>,
    ) -> Self {
        Self {
            store_alive: Some(store_alive),
            ..Self::guest(inner, end)
        }
    }

    /// A body the host wrote itself.
    pub(crate) fn host(bytes: Bytes) -> Self {
        Self {
            source: Source::Host(Some(bytes)),
            end: None,
            store_alive: None,
            failing: None,
            done: false,
        }
    }

    /// Fails the body, one poll late: a consumer such as hyper drops what
    /// it has buffered but not written when a body fails, so it first gets
    /// a `Pending` (and an immediate wake-up) in which it flushes the head
    /// and the bytes before the failure. The client then sees the response
    /// start, and the connection cut.
    fn fail(
        &mut self,
        failure: Arc<Failure>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BodyFailure>>> {
        self.failing = Some(failure);
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

impl http_body::Body for GuestBody {
    type Data = Bytes;
    type Error = BodyFailure;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BodyFailure>>> {
        let this = &mut *self;
        if let Some(failure) = this.failing.take() {
            this.done = true;
            return Poll::Ready(Some(Err(BodyFailure(failure))));
        }
        if this.done {
            return Poll::Ready(None);
        }
        match &mut this.source {
            Source::Host(bytes) => {
                return Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b))));
            }
            Source::Guest(inner) => match ready!(Pin::new(inner).poll_frame(cx)) {
                Some(Ok(frame)) => return Poll::Ready(Some(Ok(frame))),
                Some(Err(code)) => {
                    let failure = Failure::BodyError(format!("{code:?}"));
                    return this.fail(Arc::new(failure), cx);
                }
                None if this
                    .store_alive
                    .as_ref()
                    .is_some_and(|alive| alive.load(Ordering::Acquire)) =>
                {
                    this.done = true;
                    return Poll::Ready(None);
                }
                None => {}
            },
        }
        let Some(end) = this.end.as_mut() else {
            this.done = true;
            return Poll::Ready(None);
        };
        let ended = ready!(end.as_mut().poll(cx));
        this.end = None;
        match ended {
            Ok(()) => {
                this.done = true;
                Poll::Ready(None)
            }
            Err(failure) => this.fail(failure, cx),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.source {
            Source::Host(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            // As the guest streams it: no promise of a length.
            Source::Guest(_) => SizeHint::default(),
        }
    }
}
