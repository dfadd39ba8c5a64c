//! [`Generations`]: tags' purge generations and the purge epoch, read
//! together, and the purge of a tag, which moves both on.
//!
//! Layer 2 (store calls only): imports the store and layer 1's keys.

use super::store::CacheStore;
use crate::cache::encoding::keys;
use crate::kv::KvError;

/// Tags with their purge generations, and the purge epoch, as read in one
/// call.
#[derive(Debug)]
pub(crate) struct Generations {
    /// Each tag with its current purge generation (empty if never purged).
    pub(crate) tags: Vec<(String, Vec<u8>)>,
    /// The purge epoch (`ec/purges`).
    pub(crate) epoch: Vec<u8>,
}

/// Each of `tags` with its current purge generation, and the purge
/// epoch, read together.
pub(crate) fn read(store: &CacheStore, tags: &[String]) -> Result<Generations, KvError> {
    let mut keys: Vec<String> = tags.iter().map(|t| keys::generation(t)).collect();
    keys.push(keys::PURGES.to_owned());
    let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    let mut found = store.kv().get_many(&refs)?;
    let epoch = found.pop().flatten().unwrap_or_default();
    let tags = tags
        .iter()
        .cloned()
        .zip(found.into_iter().map(Option::unwrap_or_default))
        .collect();
    Ok(Generations { tags, epoch })
}

/// Purges every entry tagged `tag`: its generation moves on, so every
/// entry stored under the old one reads as absent from now on.
pub(crate) fn purge_tag(store: &CacheStore, tag: &str) -> Result<(), KvError> {
    // The generation first: whoever sees the epoch move sees it too.
    store.kv().increment(&keys::generation(tag), 1)?;
    store.kv().increment(keys::PURGES, 1).map(drop)
}
