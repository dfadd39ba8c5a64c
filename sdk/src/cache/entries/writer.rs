//! [`EntryWriter`]: writes one entry so that it is never half-visible.
//!
//! The body goes first, in chunks under keys unique to this write
//! (`ec/c/<version>/<n>`); the head, which names the version and the chunk
//! count, goes last, in one `set`. A reader finds either the previous head
//! or this one, and this one's chunks are all there when it does. A write
//! that stops early (the body was too long, the source failed, the instance
//! went on without finishing it) deletes the chunks it wrote.
//!
//! A chunk takes a slot of the chunk ring, evicting the oldest, only once
//! the body is known to fit: at once for a body whose length was given,
//! at the end for one whose length was not (its chunks are held in memory
//! until then), so a body that turns out too long evicts nothing.
//!
//! Layer 3 (entries): imports the rings, and layers 1 and 2.

use bytes::{Bytes, BytesMut};

use super::ring::Ring;
use crate::cache::encoding::head::{CHUNK_SIZE, Entry, Head, INLINE_MAX, Marker};
use crate::cache::encoding::keys;
use crate::cache::encoding::slot::Slot;
use crate::cache::encoding::time::now_ms;
use crate::cache::storage::lease::Lease;
use crate::cache::storage::store::CacheStore;
use crate::kv::KvError;

/// One entry being written.
pub(crate) struct EntryWriter {
    store: CacheStore,
    version: u64,
    head_key: String,
    buf: BytesMut,
    chunks: u32,
    len: u64,
    max_len: u64,
    /// Whether the body's length was given: its chunks go out as they
    /// fill; else they are `held` until the body ends within `max_len`.
    exact: bool,
    held: Vec<Bytes>,
    done: bool,
}

/// The fields of an entry's head besides its body.
pub(crate) struct Finish {
    pub(crate) retain_until: u64,
    pub(crate) tags: Vec<(String, Vec<u8>)>,
    /// The purge epoch read with the tags' generations.
    pub(crate) epoch: Vec<u8>,
    pub(crate) meta: Vec<u8>,
    /// A Vary marker to write at this key once the entry is in.
    pub(crate) marker: Option<(String, Marker)>,
    /// Held until the entry is in or the write is given up (a collapsing
    /// leader's lease): dropped with this.
    pub(crate) lease: Option<Lease>,
}

impl EntryWriter {
    /// Starts a write of at most `max_len` body bytes (exactly that many
    /// when `exact`). `place` names the head key from the write's version
    /// (and, when the write creates a Vary marker, that marker's key and
    /// id). `None` if such a body cannot fit in the chunk ring; a body of
    /// unknown length is cut off at the ring's size instead.
    pub(crate) fn begin(
        store: &CacheStore,
        max_len: u64,
        exact: bool,
        now_ms: u64,
        place: impl FnOnce(u64) -> (String, Option<(String, u64)>),
    ) -> Result<Option<Self>, KvError> {
        let ring_bytes = store.capacity().chunks * CHUNK_SIZE as u64;
        if exact && max_len > ring_bytes {
            return Ok(None);
        }
        let max_len = max_len.min(ring_bytes);
        let version = Ring::Heads.next_position(store)?;
        let (head_key, marker) = place(version);
        let slot = Slot {
            version,
            max_chunks: 0,
            head_key: head_key.clone(),
            marker,
        };
        Ring::Heads.occupy(store, version, &slot, now_ms)?;
        Ok(Some(Self {
            store: store.clone(),
            version,
            head_key,
            buf: BytesMut::new(),
            chunks: 0,
            len: 0,
            max_len,
            exact,
            held: Vec::new(),
            done: false,
        }))
    }

    /// Adds body bytes. `Ok(false)` once the body is longer than the write
    /// allows: the write is then abandoned, its chunks deleted.
    pub(crate) fn write(&mut self, data: &[u8]) -> Result<bool, KvError> {
        if self.done {
            return Ok(false);
        }
        self.len += data.len() as u64;
        if self.len > self.max_len {
            self.abandon()?;
            return Ok(false);
        }
        self.buf.extend_from_slice(data);
        while self.buf.len() >= CHUNK_SIZE {
            let chunk = self.buf.split_to(CHUNK_SIZE).freeze();
            if self.exact {
                self.put_chunk(&chunk)?;
            } else {
                self.held.push(chunk);
            }
        }
        Ok(true)
    }

    /// Writes the next chunk, after taking a chunk ring slot for it.
    fn put_chunk(&mut self, chunk: &[u8]) -> Result<(), KvError> {
        let slot = Slot {
            version: self.version,
            max_chunks: self.chunks + 1,
            head_key: self.head_key.clone(),
            marker: None,
        };
        let position = Ring::Chunks.next_position(&self.store)?;
        Ring::Chunks.occupy(&self.store, position, &slot, now_ms())?;
        let key = keys::chunk(self.version, self.chunks);
        self.chunks += 1;
        self.store.kv().set(&key, chunk)
    }

    /// Writes what is left of the body, then the head: from here on the
    /// entry is visible, whole.
    pub(crate) fn finish(mut self, finish: Finish) -> Result<(), KvError> {
        if self.done {
            return Ok(());
        }
        for chunk in std::mem::take(&mut self.held) {
            self.put_chunk(&chunk)?;
        }
        let rest = std::mem::take(&mut self.buf).freeze();
        let inline = if self.chunks == 0 && rest.len() <= INLINE_MAX {
            rest
        } else {
            if !rest.is_empty() {
                self.put_chunk(&rest)?;
            }
            Bytes::new()
        };
        let head = Head::Entry(Entry {
            version: self.version,
            retain_until: finish.retain_until,
            tags: finish.tags,
            epoch: finish.epoch,
            meta: finish.meta,
            body_len: self.len,
            chunks: self.chunks,
            inline,
        });
        self.store.put_head(&self.head_key, &head)?;
        self.done = true;
        if let Some((key, marker)) = finish.marker {
            self.store.put_head(&key, &Head::Marker(marker))?;
        }
        // The entry is in: those waiting for it may stop waiting.
        drop(finish.lease);
        Ok(())
    }

    /// Gives the write up: deletes the chunks written so far.
    pub(crate) fn abandon(&mut self) -> Result<(), KvError> {
        if self.done {
            return Ok(());
        }
        self.done = true;
        self.held = Vec::new();
        self.store.delete_chunks(self.version, self.chunks)
    }
}

impl Drop for EntryWriter {
    fn drop(&mut self) {
        // A body not read to its end: nothing of it may stay behind.
        let _ = self.abandon();
    }
}
