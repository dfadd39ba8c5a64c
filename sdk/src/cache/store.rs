//! [`CacheStore`]: the key-value store under both caches: heads, bodies in
//! chunks, tags' purge generations.

use std::cell::OnceCell;
use std::fmt;
use std::rc::Rc;
use std::time::SystemTime;

use bytes::{Bytes, BytesMut};

use super::keys;
use super::reader::ChunkReader;
use super::record::{Head, Object};
use super::stream::Stream;
use crate::Body;
use crate::kv::{KvError, Store};

/// Bodies are stored in chunks of at most this many bytes (256 KiB), so
/// that no value comes near a host's limit on a value's size.
pub(crate) const CHUNK_SIZE: usize = 256 * 1024;

/// A body at most this long (16 KiB) is kept in its head: a hit then costs
/// one read.
pub(crate) const INLINE_MAX: usize = 16 * 1024;

/// The sizes of the two rings that bound the store (see [`ring`](super::ring)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Capacity {
    /// Head slots: the most entries kept.
    pub(crate) entries: u64,
    /// Chunk slots: the most body chunks kept (each ≤ [`CHUNK_SIZE`]).
    pub(crate) chunks: u64,
}

impl Default for Capacity {
    /// 2048 entries and 256 chunks (64 MiB of bodies in chunks): at most
    /// about 100 MiB in all, within the 256 MiB `edge serve` gives a store.
    fn default() -> Self {
        Self {
            entries: 2048,
            chunks: 256,
        }
    }
}

impl Capacity {
    /// The chunk slots that hold `bytes` of bodies.
    pub(crate) fn chunks_for(bytes: u64) -> u64 {
        bytes.div_ceil(CHUNK_SIZE as u64)
    }
}

/// Tags with their purge generations, and the purge epoch.
pub(crate) type Generations = (Vec<(String, Vec<u8>)>, Vec<u8>);

/// The store both caches write to; cheap to clone (one open store).
#[derive(Clone)]
pub(crate) struct CacheStore {
    inner: Rc<Inner>,
}

struct Inner {
    kv: Store,
    capacity: Capacity,
}

impl CacheStore {
    /// Opens store `name` (`""`: the host's default store) with rings of
    /// `capacity`.
    pub(crate) fn open(name: &str, capacity: Capacity) -> Result<Self, KvError> {
        let capacity = Capacity {
            entries: capacity.entries.max(1),
            chunks: capacity.chunks.max(1),
        };
        Ok(Self {
            inner: Rc::new(Inner {
                kv: Store::open(name)?,
                capacity,
            }),
        })
    }

    pub(crate) fn kv(&self) -> &Store {
        &self.inner.kv
    }

    pub(crate) fn capacity(&self) -> Capacity {
        self.inner.capacity
    }

    /// The head at `key`; anything unreadable counts as absent.
    pub(crate) fn head(&self, key: &str) -> Result<Option<Head>, KvError> {
        Ok(self.kv().get(key)?.and_then(Head::decode))
    }

    pub(crate) fn put_head(&self, key: &str, head: &Head) -> Result<(), KvError> {
        self.kv().set(key, head.encode())
    }

    /// The head at `key` and the purge epoch, in one read.
    pub(crate) fn head_and_epoch(&self, key: &str) -> Result<(Option<Head>, Vec<u8>), KvError> {
        let mut found = self.kv().get_many(&[key, keys::PURGES])?.into_iter();
        let head = found.next().flatten().and_then(Head::decode);
        Ok((head, found.next().flatten().unwrap_or_default()))
    }

    /// `object`, read at `key`, if it may still be used at `now_ms`: within
    /// its retention, and none of its tags purged since it was stored. The
    /// tags are checked only if the purge `epoch` (read with the head) moved
    /// since then. An object past these is deleted on the way (lazy
    /// removal).
    pub(crate) fn live(
        &self,
        key: &str,
        object: Object,
        now_ms: u64,
        epoch: &[u8],
    ) -> Result<Option<Object>, KvError> {
        let purged = || -> Result<bool, KvError> {
            if object.tags.is_empty() || object.epoch == epoch {
                return Ok(false);
            }
            let names: Vec<String> = object.tags.iter().map(|(t, _)| t.clone()).collect();
            Ok(self.generations(&names)?.0 != object.tags)
        };
        if object.retain_until <= now_ms || purged()? {
            self.kv().delete(key)?;
            return Ok(None);
        }
        Ok(Some(object))
    }

    /// The object at `key`, if there is one and it may still be used (an
    /// object without tags: the simple cache's).
    pub(crate) fn live_object(&self, key: &str, now_ms: u64) -> Result<Option<Object>, KvError> {
        match self.head(key)? {
            Some(Head::Object(object)) if object.tags.is_empty() => {
                self.live(key, object, now_ms, &[])
            }
            _ => Ok(None),
        }
    }

    /// Each tag with its current purge generation (empty if never purged),
    /// and the purge epoch, read together.
    pub(crate) fn generations(&self, tags: &[String]) -> Result<Generations, KvError> {
        let mut keys: Vec<String> = tags.iter().map(|t| keys::generation(t)).collect();
        keys.push(keys::PURGES.to_owned());
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        let mut found = self.kv().get_many(&refs)?;
        let epoch = found.pop().flatten().unwrap_or_default();
        let tags = tags
            .iter()
            .cloned()
            .zip(found.into_iter().map(Option::unwrap_or_default))
            .collect();
        Ok((tags, epoch))
    }

    /// Purges every entry tagged `tag`: its generation moves on, so every
    /// entry stored under the old one reads as absent from now on.
    pub(crate) fn purge_tag(&self, tag: &str) -> Result<(), KvError> {
        // The generation first: whoever sees the epoch move sees it too.
        self.kv().increment(&keys::generation(tag), 1)?;
        self.kv().increment(keys::PURGES, 1).map(drop)
    }

    /// The object's body, streamed from its chunks; `None` if its first
    /// chunk is gone (the entry was evicted or replaced meanwhile).
    pub(crate) fn body(&self, object: &Object) -> Result<Option<Body>, KvError> {
        if object.chunks == 0 {
            return Ok(Some(Body::from(object.inline.clone())));
        }
        let Some(first) = self.kv().get(&keys::chunk(object.version, 0))? else {
            return Ok(None);
        };
        let reader = ChunkReader::new(self.clone(), object, first.into());
        Ok(Some(Stream::Stored(reader).into_body()))
    }

    /// The object's body, read whole (bounded by what was stored); `None`
    /// if a chunk is missing.
    pub(crate) fn read_whole(&self, object: &Object) -> Result<Option<Bytes>, KvError> {
        if object.chunks == 0 {
            return Ok(Some(object.inline.clone()));
        }
        let keys: Vec<String> = (0..object.chunks)
            .map(|i| keys::chunk(object.version, i))
            .collect();
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        let mut whole = BytesMut::with_capacity(object.body_len as usize);
        for chunk in self.kv().get_many(&refs)? {
            let Some(chunk) = chunk else {
                return Ok(None);
            };
            whole.extend_from_slice(&chunk);
        }
        Ok((whole.len() as u64 == object.body_len).then(|| whole.freeze()))
    }

    /// Deletes the chunk keys write `version` may have written.
    pub(crate) fn delete_chunks(&self, version: u64, max_chunks: u32) -> Result<(), KvError> {
        if max_chunks == 0 {
            return Ok(());
        }
        let keys: Vec<String> = (0..max_chunks).map(|i| keys::chunk(version, i)).collect();
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        self.kv().delete_many(&refs)
    }
}

/// A cache's store, opened on first use: a cache that is never used in a
/// request costs no host call.
pub(crate) struct StoreCell {
    name: String,
    capacity: Capacity,
    cell: OnceCell<Option<CacheStore>>,
}

impl StoreCell {
    pub(crate) fn new(name: String, capacity: Capacity) -> Self {
        Self {
            name,
            capacity,
            cell: OnceCell::new(),
        }
    }

    pub(crate) fn set_name(&mut self, name: String) {
        self.name = name;
        self.cell = OnceCell::new();
    }

    pub(crate) fn capacity_mut(&mut self) -> &mut Capacity {
        self.cell = OnceCell::new();
        &mut self.capacity
    }

    /// The store, or `None` (said once on stderr) if it cannot be opened:
    /// the cache then answers as if it were empty.
    pub(crate) fn get(&self) -> Option<&CacheStore> {
        self.cell
            .get_or_init(|| match CacheStore::open(&self.name, self.capacity) {
                Ok(store) => Some(store),
                Err(e) => {
                    log_store_error("opening the cache's store", &e);
                    None
                }
            })
            .as_ref()
    }

    /// The store, or why it cannot be opened: for calls that must not
    /// pretend (purges, explicit writes).
    pub(crate) fn require(&self) -> Result<CacheStore, KvError> {
        match self.cell.get() {
            Some(Some(store)) => Ok(store.clone()),
            _ => CacheStore::open(&self.name, self.capacity),
        }
    }
}

impl fmt::Debug for StoreCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("name", &self.name)
            .field("capacity", &self.capacity)
            .finish()
    }
}

/// Milliseconds since the Unix epoch, by the host's wall clock.
pub(crate) fn now_ms() -> u64 {
    to_ms(SystemTime::now())
}

pub(crate) fn to_ms(time: SystemTime) -> u64 {
    time.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// Says on stderr that the cache could not use its store; the request goes
/// on as if the cache were empty.
pub(crate) fn log_store_error(doing: &str, error: &KvError) {
    eprintln!("edge::cache: {doing}: {error}; going on without the cache");
}
