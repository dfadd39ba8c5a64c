//! [`Filling`]: an origin's body on its way to the client, written to the
//! cache as it passes.

use std::io::{self, Read};

use super::store::log_store_error;
use super::writer::{Finish, ObjectWriter};
use crate::Body;

/// Streams `inner` to whoever reads it and copies each piece into an
/// entry. The entry's head is written when `inner` ends, before the
/// reader sees the end: the next request finds the entry. Memory stays at
/// one chunk: a body longer than the write allows stops being copied (its
/// chunks are deleted) and goes on streaming.
pub(crate) struct Filling {
    inner: Body,
    writer: Option<(ObjectWriter, Finish)>,
}

impl Filling {
    pub(crate) fn new(inner: Body, writer: ObjectWriter, finish: Finish) -> Self {
        Self {
            inner,
            writer: Some((writer, finish)),
        }
    }
}

impl Filling {
    /// `Read::read`, through [`Stream`](super::stream::Stream).
    pub(crate) fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = match self.inner.read(buf) {
            Ok(n) => n,
            Err(e) => {
                // A body cut short is not stored: dropping the writer
                // deletes its chunks.
                self.writer = None;
                return Err(e);
            }
        };
        if n == 0 {
            if let Some((writer, finish)) = self.writer.take()
                && let Err(e) = writer.finish(finish)
            {
                log_store_error("storing a response", &e);
            }
            return Ok(0);
        }
        if let Some((writer, _)) = &mut self.writer {
            match writer.write(&buf[..n]) {
                Ok(true) => {}
                Ok(false) => self.writer = None,
                Err(e) => {
                    log_store_error("storing a response", &e);
                    self.writer = None;
                }
            }
        }
        Ok(n)
    }
}
