//! [`WriteTimeout`]: a connection whose writes fail once the client has
//! accepted no bytes for a while (protection against slow readers).

use std::future::Future;
use std::io::IoSlice;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

/// Wraps a connection so that a write which makes no progress for `limit`
/// fails with [`std::io::ErrorKind::TimedOut`]; hyper then closes the
/// connection. A client that reads slowly but steadily is never cut: the
/// clock restarts whenever the socket takes a byte. Reads pass through.
pub(crate) struct WriteTimeout<S> {
    inner: S,
    limit: Duration,
    /// Running while a write waits on a full socket buffer.
    stalled: Option<Pin<Box<Sleep>>>,
}

impl<S> WriteTimeout<S> {
    pub(crate) fn new(inner: S, limit: Duration) -> Self {
        Self {
            inner,
            limit,
            stalled: None,
        }
    }

    /// Starts or keeps the stall clock when `attempt` is pending; stops it
    /// when the attempt completes. Fails once the clock runs out.
    fn watch<T>(
        &mut self,
        attempt: Poll<std::io::Result<T>>,
        cx: &mut Context<'_>,
    ) -> Poll<std::io::Result<T>> {
        if attempt.is_ready() {
            self.stalled = None;
            return attempt;
        }
        let limit = self.limit;
        let clock = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match clock.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                StalledClient(limit),
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// Why a write failed: the client accepted nothing for this long.
#[derive(Debug)]
pub(crate) struct StalledClient(pub(crate) Duration);

impl std::fmt::Display for StalledClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the client read nothing for {} ms (edge serve --write-timeout-ms)",
            self.0.as_millis()
        )
    }
}

impl std::error::Error for StalledClient {}

impl<S: AsyncRead + Unpin> AsyncRead for WriteTimeout<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for WriteTimeout<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let attempt = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.watch(attempt, cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let attempt = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.watch(attempt, cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let attempt = Pin::new(&mut self.inner).poll_flush(cx);
        self.watch(attempt, cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let attempt = Pin::new(&mut self.inner).poll_shutdown(cx);
        self.watch(attempt, cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    const LIMIT: Duration = Duration::from_millis(200);

    /// A peer that never reads: the writer fills the pipe, stalls, and
    /// fails once the limit has passed, with the reason named.
    #[tokio::test]
    async fn a_stalled_write_fails_after_the_limit() {
        let (writer, _reader) = tokio::io::duplex(1024);
        let mut conn = WriteTimeout::new(writer, LIMIT);
        let start = std::time::Instant::now();
        let error = conn.write_all(&[0; 4096]).await.unwrap_err();
        assert!(start.elapsed() >= LIMIT);
        assert_eq!(error.kind(), std::io::ErrorKind::TimedOut);
        assert_eq!(
            error.to_string(),
            "the client read nothing for 200 ms (edge serve --write-timeout-ms)"
        );
    }

    /// A peer that reads a little at a time, for longer than the limit in
    /// all but never stalling the writer for the whole limit, is served.
    #[tokio::test]
    async fn a_slow_but_steady_reader_is_served() {
        let (writer, mut reader) = tokio::io::duplex(1024);
        let mut conn = WriteTimeout::new(writer, LIMIT);
        let reading = tokio::spawn(async move {
            let mut got = 0;
            let mut buf = [0; 1024];
            while got < 8 * 1024 {
                tokio::time::sleep(LIMIT / 4).await;
                got += reader.read(&mut buf).await.unwrap();
            }
            got
        });
        let start = std::time::Instant::now();
        conn.write_all(&[0; 8 * 1024]).await.unwrap();
        assert!(
            start.elapsed() > LIMIT,
            "the reader took longer than the limit"
        );
        assert_eq!(reading.await.unwrap(), 8 * 1024);
    }
}
