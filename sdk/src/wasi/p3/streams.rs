//! `std::io` adapters over component-model byte streams.

use std::io::{self, Read, Write};

use wit_bindgen::{FutureReader, StreamReader, StreamResult, StreamWriter};

use crate::wasi::bindings::wasi::http::types::{ErrorCode, Trailers};

/// The most a single host read asks for.
pub(crate) const READ_CHUNK: usize = 64 * 1024;

/// How a body ends: its trailers, or the error that cut it short.
pub(crate) type BodyEnd = FutureReader<Result<Option<Trailers>, ErrorCode>>;

/// Reads a body stream, one host read per `read`. At the end of the
/// stream, the body's end future says whether it was complete.
pub(crate) struct BodyReader {
    stream: StreamReader<u8>,
    end: Option<BodyEnd>,
}

impl BodyReader {
    pub(crate) fn new(stream: StreamReader<u8>, end: BodyEnd) -> Self {
        Self {
            stream,
            end: Some(end),
        }
    }
}

impl Read for BodyReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let want = buf.len().min(READ_CHUNK);
        loop {
            let Some(end) = self.end.take() else {
                return Ok(0);
            };
            let (result, bytes) = wit_bindgen::block_on(self.stream.read(Vec::with_capacity(want)));
            match result {
                StreamResult::Complete(_) if !bytes.is_empty() => {
                    self.end = Some(end);
                    buf[..bytes.len()].copy_from_slice(&bytes);
                    return Ok(bytes.len());
                }
                // A read of nothing: the writer is between writes.
                StreamResult::Complete(_) => self.end = Some(end),
                StreamResult::Dropped => {
                    return match wit_bindgen::block_on(async move { end.await }) {
                        Ok(_) => Ok(0),
                        Err(code) => Err(io::Error::other(format!(
                            "the body was cut short: {code:?}"
                        ))),
                    };
                }
                StreamResult::Cancelled => {
                    return Err(io::Error::other("the body read was cancelled"));
                }
            }
        }
    }
}

/// Writes to a body stream, each write waiting until the host took it all.
pub(crate) struct BodyWriter {
    stream: StreamWriter<u8>,
    /// Set when the reader went away: the client is gone.
    pub(crate) closed: bool,
}

impl BodyWriter {
    pub(crate) fn new(stream: StreamWriter<u8>) -> Self {
        Self {
            stream,
            closed: false,
        }
    }
}

impl Write for BodyWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let left = wit_bindgen::block_on(self.stream.write_all(buf.to_vec()));
        if left.is_empty() {
            Ok(buf.len())
        } else {
            self.closed = true;
            Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "the reader of the body went away",
            ))
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
