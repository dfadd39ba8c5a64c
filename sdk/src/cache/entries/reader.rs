//! Reading a stored entry's body: [`ChunkReader`], chunk by chunk as it
//! is sent, or [`read_whole`].
//!
//! Layer 3 (entries): imports layers 1 and 2.

use std::io;

use bytes::{Bytes, BytesMut};

use crate::cache::encoding::head::Entry;
use crate::cache::encoding::keys;
use crate::cache::storage::store::CacheStore;
use crate::kv::KvError;

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
    pub(crate) fn new(store: CacheStore, entry: &Entry, first: Bytes) -> Self {
        Self {
            store,
            version: entry.version,
            chunks: entry.chunks,
            next: 1,
            current: first,
        }
    }

    /// `Read::read`, through the one `Read` the layer above hands out.
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

/// The entry's body, read whole (bounded by what was stored); `None` if a
/// chunk is missing.
pub(crate) fn read_whole(store: &CacheStore, entry: &Entry) -> Result<Option<Bytes>, KvError> {
    if entry.chunks == 0 {
        return Ok(Some(entry.inline.clone()));
    }
    let keys: Vec<String> = (0..entry.chunks)
        .map(|i| keys::chunk(entry.version, i))
        .collect();
    let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    let mut whole = BytesMut::with_capacity(entry.body_len as usize);
    for chunk in store.kv().get_many(&refs)? {
        let Some(chunk) = chunk else {
            return Ok(None);
        };
        whole.extend_from_slice(&chunk);
    }
    Ok((whole.len() as u64 == entry.body_len).then(|| whole.freeze()))
}
