//! [`WatchedBody`]: a reused instance's response body that tells its
//! request's task how it ended.

use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use http_body::Frame;
use tokio::sync::oneshot;

use super::JobBody;

/// The guest's body; `ended` hears `None` once it is done with (read to
/// its end, or dropped by its reader: a client that left, or one that has
/// every byte of a known length), or the error it failed with.
pub(super) struct WatchedBody {
    inner: JobBody,
    ended: Option<oneshot::Sender<Option<String>>>,
}

impl WatchedBody {
    pub(super) fn new(inner: JobBody, ended: oneshot::Sender<Option<String>>) -> Self {
        Self {
            inner,
            ended: Some(ended),
        }
    }

    fn tell(&mut self, failed: Option<String>) {
        if let Some(ended) = self.ended.take() {
            let _ = ended.send(failed);
        }
    }
}

impl http_body::Body for WatchedBody {
    type Data = Bytes;
    type Error = wasmtime_wasi_http::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let frame = ready!(Pin::new(&mut self.inner).poll_frame(cx));
        match &frame {
            None => self.tell(None),
            Some(Err(e)) => {
                let failed = format!("{e:?}");
                self.tell(Some(failed));
            }
            Some(Ok(_)) => {}
        }
        Poll::Ready(frame)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }
}

impl Drop for WatchedBody {
    fn drop(&mut self) {
        self.tell(None);
    }
}
