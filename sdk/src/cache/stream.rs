//! [`Stream`]: every body the cache hands out, behind one `Read`.

use std::io::{self, Read};

use super::fill::Filling;
use super::reader::ChunkReader;
use crate::Body;

/// A body the cache streams: a stored one, or the origin's being stored.
/// One type for both, so that a component carries one `Read` vtable (each
/// brings all of `Read`'s provided methods).
pub(crate) enum Stream {
    Stored(ChunkReader),
    Filling(Box<Filling>),
}

impl Stream {
    pub(crate) fn into_body(self) -> Body {
        Body::from_reader(self)
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Stored(reader) => reader.read(buf),
            Stream::Filling(filling) => filling.read(buf),
        }
    }
}
