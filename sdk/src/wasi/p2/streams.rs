//! `std::io` adapters over `wasi:io` streams.

use std::io::{self, Read, Write};

use crate::wasi::bindings::wasi::http::types::IncomingBody;
use crate::wasi::bindings::wasi::io::streams::{InputStream, OutputStream, StreamError};

/// The most a single host read asks for.
const READ_CHUNK: u64 = 64 * 1024;

/// Reads an incoming body lazily, one host call per `read`.
///
/// The stream is a child of the body resource, so it is dropped first
/// (fields drop in declaration order).
pub(crate) struct BodyReader {
    stream: InputStream,
    _body: IncomingBody,
}

impl BodyReader {
    pub(crate) fn new(body: IncomingBody) -> io::Result<Self> {
        let stream = body
            .stream()
            .map_err(|()| io::Error::other("the incoming body stream was already taken"))?;
        Ok(Self {
            stream,
            _body: body,
        })
    }
}

impl Read for BodyReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let want = (buf.len() as u64).min(READ_CHUNK);
        match self.stream.blocking_read(want) {
            Ok(bytes) => {
                buf[..bytes.len()].copy_from_slice(&bytes);
                Ok(bytes.len())
            }
            Err(StreamError::Closed) => Ok(0),
            Err(StreamError::LastOperationFailed(e)) => Err(io::Error::other(e.to_debug_string())),
        }
    }
}

/// Writes to a host output stream, waiting for the host to accept more.
pub(crate) struct StreamWriter<'a> {
    pub(crate) stream: &'a OutputStream,
    /// Set when the host stream itself failed: the client is gone.
    pub(crate) closed: bool,
    /// Nothing written since the last flush.
    flushed: bool,
}

/// The most `blocking-write-and-flush` takes in one call.
const ONE_CALL_WRITE: usize = 4096;

impl<'a> StreamWriter<'a> {
    pub(crate) fn new(stream: &'a OutputStream) -> Self {
        Self {
            stream,
            closed: false,
            flushed: true,
        }
    }
}

impl Write for StreamWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let written = loop {
            let permit = match self.stream.check_write() {
                Ok(0) => {
                    self.stream.subscribe().block();
                    continue;
                }
                Ok(permit) => permit,
                Err(e) => break Err(e),
            };
            let n = buf.len().min(usize::try_from(permit).unwrap_or(usize::MAX));
            break self.stream.write(&buf[..n]).map(|()| n);
        };
        self.flushed = false;
        written.map_err(|e| self.failed(e))
    }

    /// A small whole write (a typical response body) is one host call,
    /// flush included, instead of check, write and flush.
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        if buf.is_empty() || buf.len() > ONE_CALL_WRITE {
            return self.write_all_in_pieces(buf);
        }
        self.stream
            .blocking_write_and_flush(buf)
            .map_err(|e| self.failed(e))?;
        self.flushed = true;
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.flushed {
            return Ok(());
        }
        self.stream.blocking_flush().map_err(|e| self.failed(e))?;
        self.flushed = true;
        Ok(())
    }
}

impl StreamWriter<'_> {
    /// `Write::write_all`'s loop, for bodies too big for one call.
    fn write_all_in_pieces(&mut self, mut buf: &[u8]) -> io::Result<()> {
        while !buf.is_empty() {
            let n = self.write(buf)?;
            buf = &buf[n..];
        }
        Ok(())
    }

    fn failed(&mut self, error: StreamError) -> io::Error {
        self.closed = true;
        stream_error(error)
    }
}

fn stream_error(e: StreamError) -> io::Error {
    match e {
        StreamError::Closed => io::Error::new(
            io::ErrorKind::BrokenPipe,
            "the client closed the response stream",
        ),
        StreamError::LastOperationFailed(e) => io::Error::other(e.to_debug_string()),
    }
}
