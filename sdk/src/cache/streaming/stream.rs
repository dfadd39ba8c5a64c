//! [`Stream`]: every body the cache hands out, behind one `Read`, and
//! [`stored_body`], a stored entry's body as one.
//!
//! Layer 4 (bodies as they stream): imports the fill, layer 3's reader,
//! and layers 1 and 2.

use std::io::{self, Read};

use super::fill::Filling;
use crate::Body;
use crate::cache::encoding::head::Entry;
use crate::cache::encoding::keys;
use crate::cache::entries::reader::ChunkReader;
use crate::cache::storage::store::CacheStore;
use crate::kv::KvError;

/// A body the cache streams: a stored one, read chunk by chunk, or the
/// origin's being stored. One type for both, so that a component carries
/// one `Read` vtable (each brings all of `Read`'s provided methods).
pub(crate) enum Stream {
    Chunks(ChunkReader),
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
            Stream::Chunks(reader) => reader.read(buf),
            Stream::Filling(filling) => filling.read(buf),
        }
    }
}

/// The entry's body, streamed from its chunks; `None` if its first chunk
/// is gone (the entry was evicted or replaced meanwhile).
pub(crate) fn stored_body(store: &CacheStore, entry: &Entry) -> Result<Option<Body>, KvError> {
    if entry.chunks == 0 {
        return Ok(Some(Body::from(entry.inline.clone())));
    }
    let Some(first) = store.kv().get(&keys::chunk(entry.version, 0))? else {
        return Ok(None);
    };
    let reader = ChunkReader::new(store.clone(), entry, first.into());
    Ok(Some(Stream::Chunks(reader).into_body()))
}
