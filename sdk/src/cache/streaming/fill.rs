//! [`Filling`]: an origin's body on its way to the client, written to the
//! cache as it passes.
//!
//! Layer 4 (bodies as they stream): imports layer 3's writer and layer
//! 2's log line.

use std::io::{self, Read};

use crate::Body;
use crate::cache::entries::writer::{EntryWriter, Finish};
use crate::cache::storage::log::log_store_error;

/// Streams `inner` to whoever reads it and copies each piece into an
/// entry. The entry's head is written when `inner` ends, before the
/// reader sees the end: the next request finds the entry. Memory stays at
/// one chunk: a body longer than the write allows stops being copied (its
/// chunks are deleted) and goes on streaming.
pub(crate) struct Filling {
    inner: Body,
    writer: Option<(EntryWriter, Finish)>,
}

impl Filling {
    pub(crate) fn new(inner: Body, writer: EntryWriter, finish: Finish) -> Self {
        Self {
            inner,
            writer: Some((writer, finish)),
        }
    }

    /// `Read::read`, through the cache's one `Read`, the stream.
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
