//! [`ChunkReader`]: a stored body, read chunk by chunk as it is sent.

use std::io;

use bytes::Bytes;

use super::keys;
use super::record::Object;
use super::store::CacheStore;

/// Reads a chunked body from the store one chunk at a time: a cached body
/// is never held whole either.
pub(crate) struct ChunkReader {
    store: CacheStore,
    version: u64,
    chunks: u32,
    next: u32,
    current: Bytes,
}

impl ChunkReader {
    /// Starts with chunk 0, already read (it proved the entry is there).
    pub(crate) fn new(store: CacheStore, object: &Object, first: Bytes) -> Self {
        Self {
            store,
            version: object.version,
            chunks: object.chunks,
            next: 1,
            current: first,
        }
    }
}

impl ChunkReader {
    /// `Read::read`, through [`Stream`](super::stream::Stream).
    pub(crate) fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.current.is_empty() {
            if self.next >= self.chunks {
                return Ok(0);
            }
            let key = keys::chunk(self.version, self.next);
            // A chunk that is gone (the entry was evicted while it was
            // being sent) must not look like the end of the body: failing
            // here cuts the response, so the client sees it is incomplete.
            self.current = match self.store.kv().get(&key) {
                Ok(Some(chunk)) => chunk.into(),
                Ok(None) => {
                    return Err(io::Error::other(format!(
                        "edge::cache: chunk `{key}` was removed while its entry was being sent"
                    )));
                }
                Err(e) => return Err(io::Error::other(e.to_string())),
            };
            self.next += 1;
        }
        let n = buf.len().min(self.current.len());
        buf[..n].copy_from_slice(&self.current[..n]);
        self.current = self.current.slice(n..);
        Ok(n)
    }
}
