//! [`refresh`]: rewrites a stored entry's head with newer headers from
//! the origin (a 304 to a revalidation, a 200 to a `HEAD`), keeping its
//! body.
//!
//! Layer 5 (the HTTP cache): imports the cache's settings, the head
//! limits, the lookup's result, the stored response, and layers 1 and 2.

use std::time::SystemTime;

use http::HeaderMap;
use http_cache_semantics::CachePolicy;

use super::head_limits;
use super::http_cache::HttpCache;
use super::lookup::Found;
use super::stored_response::StoredResponse;
use crate::cache::encoding::head::{Entry, Head};
use crate::cache::encoding::time::to_ms;
use crate::cache::storage::log::log_store_error;
use crate::cache::storage::store::CacheStore;

/// Rewrites `found`'s head: `headers` from the origin, the new arrival
/// time, the same body; not if the head would pass the limits of
/// `head_limits` (said on stderr).
pub(super) fn refresh(
    cache: &HttpCache,
    store: &CacheStore,
    found: &Found,
    request: &http::request::Parts,
    policy: &CachePolicy,
    headers: &HeaderMap,
    arrived: SystemTime,
) {
    let Some(retain_until) = cache.retain_until(policy, headers, arrived) else {
        return;
    };
    let vary = cache.varies_on(headers);
    let stored = StoredResponse {
        request_headers: StoredResponse::keep_request_headers(&request.headers, &vary),
        headers: headers.clone(),
        stored_at: to_ms(arrived),
        ..found.stored.clone()
    }
    .with_freshness(request, cache.options());
    let meta = stored.encode();
    // The stored request keeps this client's headers (`Authorization`):
    // a refresh is held to the same bound as the first store.
    if let Some(reason) = head_limits::refuse_head(&meta, &found.entry.tags) {
        eprintln!(
            "edge::cache: the entry for {} {} is not refreshed: {reason}; it stays as it was",
            request.method, request.uri
        );
        return;
    }
    let entry = Entry {
        retain_until,
        meta,
        ..found.entry.clone()
    };
    if let Err(e) = store.put_head(&found.head_key, &Head::Entry(entry)) {
        log_store_error("refreshing a stored entry", &e);
    }
}
