//! [`LimitedBody`]: a request body passed on to the guest until it grows
//! past the host's limit, then failed.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use wasmtime_wasi_http::Error;

use super::content_length::content_length;

/// A request body that fails once more than `limit` bytes have come, and
/// raises `exceeded` so that the host answers 413 whatever the guest does.
pub(crate) struct LimitedBody<B> {
    inner: Pin<Box<B>>,
    left: u64,
    limit: u64,
    exceeded: Arc<AtomicBool>,
}

impl<B> LimitedBody<B> {
    pub(crate) fn new(inner: B, limit: u64, exceeded: Arc<AtomicBool>) -> Self {
        Self {
            inner: Box::pin(inner),
            left: limit,
            limit,
            exceeded,
        }
    }
}

/// Whether a declared `Content-Length` is over `limit` already.
pub(crate) fn declared_too_large(headers: &http::HeaderMap, limit: u64) -> bool {
    content_length(headers).is_some_and(|len| len > limit)
}

impl<B> Body for LimitedBody<B>
where
    B: Body<Data = Bytes>,
    B::Error: Into<Error>,
{
    type Data = Bytes;
    type Error = Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Error>>> {
        let frame = match ready!(self.inner.as_mut().poll_frame(cx)) {
            None => return Poll::Ready(None),
            Some(Err(e)) => return Poll::Ready(Some(Err(e.into()))),
            Some(Ok(frame)) => frame,
        };
        let len = frame.data_ref().map_or(0, |data| data.len() as u64);
        if len > self.left {
            self.exceeded.store(true, Ordering::Release);
            self.left = 0;
            return Poll::Ready(Some(Err(Error::HttpRequestBodySize(Some(self.limit)))));
        }
        self.left -= len;
        Poll::Ready(Some(Ok(frame)))
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
