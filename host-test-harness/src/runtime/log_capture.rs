//! [`LogCapture`]: a guest's stdout or stderr, kept per request.

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use tokio::io::AsyncWrite;
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::p2::{OutputStream, Pollable, StreamResult};

/// Collects what a guest writes, up to a capacity.
///
/// Past the capacity the rest is dropped and marked truncated: a chatty guest
/// loses log lines, it is never trapped for logging.
#[derive(Clone, Debug)]
pub struct LogCapture {
    inner: Arc<Mutex<Captured>>,
    capacity: usize,
    /// For a reused instance: the captures of the requests it serves,
    /// each of which gets what the instance writes while it is in.
    targets: Option<Arc<Mutex<Vec<LogCapture>>>>,
}

#[derive(Debug, Default)]
struct Captured {
    bytes: BytesMut,
    truncated: bool,
}

impl LogCapture {
    /// An empty capture that keeps at most `capacity` bytes.
    pub fn new(capacity: usize) -> Self {
        Self {
            inner: Arc::default(),
            capacity,
            targets: None,
        }
    }

    /// A capture that keeps nothing itself and hands what is written to
    /// the captures attached to it.
    pub(crate) fn fan_out() -> Self {
        Self {
            inner: Arc::default(),
            capacity: 0,
            targets: Some(Arc::default()),
        }
    }

    /// Hands `target` what is written from now on, until detached.
    pub(crate) fn attach(&self, target: &LogCapture) {
        if let Some(targets) = &self.targets {
            let mut targets = targets.lock().unwrap_or_else(PoisonError::into_inner);
            targets.push(target.clone());
        }
    }

    /// Stops handing `target` what is written.
    pub(crate) fn detach(&self, target: &LogCapture) {
        if let Some(targets) = &self.targets {
            let mut targets = targets.lock().unwrap_or_else(PoisonError::into_inner);
            targets.retain(|t| !Arc::ptr_eq(&t.inner, &target.inner));
        }
    }

    pub(crate) fn append(&self, data: &[u8]) {
        if let Some(targets) = &self.targets {
            let targets = targets.lock().unwrap_or_else(PoisonError::into_inner);
            for target in targets.iter() {
                target.append(data);
            }
            return;
        }
        let mut captured = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let room = self.capacity.saturating_sub(captured.bytes.len());
        if data.len() > room {
            captured.truncated = true;
        }
        captured
            .bytes
            .extend_from_slice(&data[..data.len().min(room)]);
    }

    /// Everything captured so far, as lossy UTF-8, with a note if cut.
    pub fn text(&self) -> String {
        let captured = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let mut text = String::from_utf8_lossy(&captured.bytes).into_owned();
        if captured.truncated {
            text.push_str("\n[edge: output truncated]\n");
        }
        text
    }
}

impl IsTerminal for LogCapture {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdoutStream for LogCapture {
    fn p2_stream(&self) -> Box<dyn OutputStream> {
        Box::new(self.clone())
    }

    fn async_stream(&self) -> Box<dyn AsyncWrite + Send + Sync> {
        Box::new(self.clone())
    }
}

#[wasmtime_wasi::async_trait]
impl Pollable for LogCapture {
    async fn ready(&mut self) {}
}

impl OutputStream for LogCapture {
    fn write(&mut self, bytes: Bytes) -> StreamResult<()> {
        self.append(&bytes);
        Ok(())
    }

    fn flush(&mut self) -> StreamResult<()> {
        Ok(())
    }

    fn check_write(&mut self) -> StreamResult<usize> {
        Ok(64 * 1024)
    }
}

impl AsyncWrite for LogCapture {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.append(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}
