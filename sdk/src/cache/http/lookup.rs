//! [`lookup`]: the entry that answers a request, if the store holds one
//! that may still be used, and the Vary marker at the request's key;
//! [`stored_variant`]: another variant of the request's URL, by its key.
//!
//! Layer 5 (the HTTP cache): imports the stored response, and layers 1 to
//! 3.

use super::stored_response::StoredResponse;
use crate::cache::encoding::head::{Entry, Head, Marker};
use crate::cache::encoding::keys;
use crate::cache::entries::live;
use crate::cache::storage::store::CacheStore;
use crate::kv::KvError;

/// What a lookup found: the Vary marker at the request's key, if any, and
/// the entry that answers it, if any.
#[derive(Default)]
pub(super) struct Lookup {
    pub(super) marker: Option<Marker>,
    pub(super) found: Option<Found>,
}

/// An entry that answers a request, with where it is and what it stores
/// of the exchange.
pub(super) struct Found {
    pub(super) head_key: String,
    pub(super) entry: Entry,
    pub(super) stored: StoredResponse,
}

/// Looks `request` up at its `primary` key (following a Vary marker to
/// the variant), as of `now_ms`.
pub(super) fn lookup(
    store: &CacheStore,
    request: &http::request::Parts,
    primary: &str,
    now_ms: u64,
) -> Result<Lookup, KvError> {
    let (head, epoch) = store.head_and_epoch(primary)?;
    let (head_key, marker, head) = match head {
        None => return Ok(Lookup::default()),
        Some(Head::Marker(marker)) => {
            let head_key = keys::variant(primary, &marker, &request.headers);
            let head = store.head(&head_key)?;
            (head_key, Some(marker), head)
        }
        head => (primary.to_owned(), None, head),
    };
    let Some(Head::Entry(entry)) = head else {
        return Ok(Lookup {
            marker,
            found: None,
        });
    };
    // The key is a hash: the entry must be for this very request, and a
    // variant for the same values of the headers it varies on.
    let alike = |stored: &StoredResponse| {
        marker
            .as_ref()
            .is_none_or(|m| stored.same_values(&m.names, &request.headers))
    };
    let found = found_at(store, head_key, entry, now_ms, &epoch, request, alike)?;
    Ok(Lookup { marker, found })
}

/// `entry`, read at `head_key` with the purge `epoch`, as found for
/// `request`: if it may still be used at `now_ms`, is a response to the
/// request's method and URL, and `fits` it.
fn found_at(
    store: &CacheStore,
    head_key: String,
    entry: Entry,
    now_ms: u64,
    epoch: &[u8],
    request: &http::request::Parts,
    fits: impl FnOnce(&StoredResponse) -> bool,
) -> Result<Option<Found>, KvError> {
    let found = live::check(store, &head_key, entry, now_ms, epoch)?.and_then(|entry| {
        let stored = StoredResponse::decode(&entry.meta)?;
        (fits(&stored) && stored.answers(request)).then_some(Found {
            head_key,
            entry,
            stored,
        })
    });
    Ok(found)
}

/// The entry at variant key `head_key`, if it may still be used at
/// `now_ms` and is a response to `request`'s method and URL (for another
/// variant: the request's own values of the varied headers need not match).
pub(super) fn stored_variant(
    store: &CacheStore,
    request: &http::request::Parts,
    head_key: &str,
    now_ms: u64,
) -> Result<Option<Found>, KvError> {
    let (Some(Head::Entry(entry)), epoch) = store.head_and_epoch(head_key)? else {
        return Ok(None);
    };
    let any_variant = |_: &StoredResponse| true;
    found_at(
        store,
        head_key.to_owned(),
        entry,
        now_ms,
        &epoch,
        request,
        any_variant,
    )
}
