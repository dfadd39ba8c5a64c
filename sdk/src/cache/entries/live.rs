//! Whether a stored entry may still be used: within its retention, and
//! none of its tags purged since it was stored. An entry past these is
//! deleted on the way (lazy removal).
//!
//! Layer 3 (entries): imports layers 1 and 2.

use crate::cache::encoding::head::{Entry, Head};
use crate::cache::storage::generations;
use crate::cache::storage::store::CacheStore;
use crate::kv::KvError;

/// `entry`, read at `head_key`, if it may still be used at `now_ms`. The
/// tags are checked only if the purge `epoch` (read with the head) moved
/// since it was stored.
pub(crate) fn check(
    store: &CacheStore,
    head_key: &str,
    entry: Entry,
    now_ms: u64,
    epoch: &[u8],
) -> Result<Option<Entry>, KvError> {
    let purged = || -> Result<bool, KvError> {
        if entry.tags.is_empty() || entry.epoch == epoch {
            return Ok(false);
        }
        let names: Vec<String> = entry.tags.iter().map(|(t, _)| t.clone()).collect();
        Ok(generations::read(store, &names)?.tags != entry.tags)
    };
    if entry.retain_until <= now_ms || purged()? {
        store.kv().delete(head_key)?;
        return Ok(None);
    }
    Ok(Some(entry))
}

/// The entry at `head_key`, if there is one and it may still be used (an
/// entry without tags: the simple cache's).
pub(crate) fn read(
    store: &CacheStore,
    head_key: &str,
    now_ms: u64,
) -> Result<Option<Entry>, KvError> {
    match store.head(head_key)? {
        Some(Head::Entry(entry)) if entry.tags.is_empty() => {
            check(store, head_key, entry, now_ms, &[])
        }
        _ => Ok(None),
    }
}
