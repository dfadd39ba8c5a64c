//! The two rings that bound the store.
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

use super::keys;
use super::record::{Head, Slot};
use super::store::CacheStore;
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
}

impl CacheStore {
    /// The next position of `ring`'s counter: unique across all writers,
    /// so the head ring's also serves as a write's version.
    pub(crate) fn next_position(&self, ring: Ring) -> Result<u64, KvError> {
        self.kv().increment(ring.counter(), 1)
    }

    fn size(&self, ring: Ring) -> u64 {
        match ring {
            Ring::Heads => self.capacity().entries,
            Ring::Chunks => self.capacity().chunks,
        }
    }

    /// Takes `ring`'s slot at `position` for `slot`, evicting what held it.
    pub(crate) fn occupy(
        &self,
        ring: Ring,
        position: u64,
        slot: &Slot,
        now_ms: u64,
    ) -> Result<(), KvError> {
        let size = self.size(ring);
        let taken = ring.slot_key(position % size);
        let opposite = (position + size / 2) % size;
        let sweep =
            (ring == Ring::Heads && opposite != position % size).then(|| ring.slot_key(opposite));
        let mut keys = vec![taken.as_str()];
        keys.extend(sweep.as_deref());
        let previous = self.kv().get_many(&keys)?;

        let mut previous = previous.into_iter();
        if let Some(old) = previous.next().flatten().as_deref().and_then(Slot::decode) {
            self.evict(ring, &old, true, now_ms)?;
        }
        if let (Some(key), Some(old)) = (&sweep, previous.next().flatten())
            && let Some(old) = Slot::decode(&old)
            && self.evict(ring, &old, false, now_ms)?
        {
            self.kv().delete(key)?;
        }
        self.kv().set(&taken, slot.encode())
    }

    /// Removes what `old` holds. Unless `force`, only if its entry is past
    /// its retention or no longer the entry at its key. Returns whether it
    /// removed it.
    fn evict(&self, ring: Ring, old: &Slot, force: bool, now_ms: u64) -> Result<bool, KvError> {
        let head = self.head(&old.head)?;
        let owned = match &head {
            Some(Head::Object(object)) if object.version == old.version => Some(object),
            _ => None,
        };
        if !force && owned.is_some_and(|object| object.retain_until > now_ms) {
            return Ok(false);
        }
        if let Some(object) = owned {
            self.kv().delete(&old.head)?;
            if ring == Ring::Heads {
                self.delete_chunks(old.version, object.chunks)?;
            }
        }
        if ring == Ring::Chunks {
            self.delete_chunks(old.version, old.max_chunks)?;
        }
        if let Some((marker_key, id)) = &old.marker
            && matches!(self.head(marker_key)?, Some(Head::Marker(m)) if m.id == *id)
        {
            self.kv().delete(marker_key)?;
        }
        Ok(true)
    }
}
