//! [`Ring`]: the two rings that bound the store.
//!
//! Each ring is a fixed number of slots and a counter. A write takes the
//! next position of the counter (modulo the ring's size) and evicts
//! whatever held that slot: the oldest goes first (FIFO), and a ring never
//! holds more than its size. The head ring (`ec/s/<n>`, counter `ec/seq`)
//! has a slot per entry; the chunk ring (`ec/k/<n>`, counter `ec/cseq`) a
//! slot per body chunk. Evicting a head removes its entry and its chunks;
//! evicting a chunk removes the entry it belongs to (an entry missing a
//! chunk must not be served) and the chunks written before it.
//!
//! Each head write also sweeps the slot opposite in the head ring: an
//! entry there past its retention, or replaced by a newer write, is
//! removed then, not only when the ring comes round.
//!
//! Layer 3 (entries): imports layers 1 and 2.

use crate::cache::encoding::head::Head;
use crate::cache::encoding::keys;
use crate::cache::encoding::slot::Slot;
use crate::cache::storage::store::CacheStore;
use crate::kv::KvError;

/// Which ring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ring {
    Heads,
    Chunks,
}

impl Ring {
    fn counter(self) -> &'static str {
        match self {
            Ring::Heads => keys::SEQUENCE,
            Ring::Chunks => keys::CHUNK_SEQUENCE,
        }
    }

    fn slot_key(self, position: u64) -> String {
        match self {
            Ring::Heads => keys::slot(position),
            Ring::Chunks => keys::chunk_slot(position),
        }
    }

    fn size(self, store: &CacheStore) -> u64 {
        match self {
            Ring::Heads => store.capacity().entries,
            Ring::Chunks => store.capacity().chunks,
        }
    }

    /// The next position of this ring's counter: unique across all
    /// writers, so the head ring's also serves as a write's version.
    pub(crate) fn next_position(self, store: &CacheStore) -> Result<u64, KvError> {
        store.kv().increment(self.counter(), 1)
    }

    /// Takes this ring's slot at `position` for `slot`, evicting what held
    /// it.
    pub(crate) fn occupy(
        self,
        store: &CacheStore,
        position: u64,
        slot: &Slot,
        now_ms: u64,
    ) -> Result<(), KvError> {
        let size = self.size(store);
        let taken = self.slot_key(position % size);
        let opposite = (position + size / 2) % size;
        let sweep =
            (self == Ring::Heads && opposite != position % size).then(|| self.slot_key(opposite));
        let mut keys = vec![taken.as_str()];
        keys.extend(sweep.as_deref());
        let previous = store.kv().get_many(&keys)?;

        let mut previous = previous.into_iter();
        if let Some(old) = previous.next().flatten().as_deref().and_then(Slot::decode) {
            self.evict(store, &old, true, now_ms)?;
        }
        if let (Some(key), Some(old)) = (&sweep, previous.next().flatten())
            && let Some(old) = Slot::decode(&old)
            && self.evict(store, &old, false, now_ms)?
        {
            store.kv().delete(key)?;
        }
        store.kv().set(&taken, slot.encode())
    }

    /// Removes what `old` holds. Unless `force`, only if its entry is past
    /// its retention or no longer the entry at its key. Returns whether it
    /// removed it.
    fn evict(
        self,
        store: &CacheStore,
        old: &Slot,
        force: bool,
        now_ms: u64,
    ) -> Result<bool, KvError> {
        let head = store.head(&old.head_key)?;
        let owned = match &head {
            Some(Head::Entry(entry)) if entry.version == old.version => Some(entry),
            _ => None,
        };
        if !force && owned.is_some_and(|entry| entry.retain_until > now_ms) {
            return Ok(false);
        }
        if let Some(entry) = owned {
            store.kv().delete(&old.head_key)?;
            if self == Ring::Heads {
                store.delete_chunks(old.version, entry.chunks)?;
            }
        }
        if self == Ring::Chunks {
            store.delete_chunks(old.version, old.max_chunks)?;
        }
        if let Some((marker_key, id)) = &old.marker
            && matches!(store.head(marker_key)?, Some(Head::Marker(m)) if m.id == *id)
        {
            store.kv().delete(marker_key)?;
        }
        Ok(true)
    }
}
