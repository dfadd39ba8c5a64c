//! [`update_from_head`]: what a `200` to a `HEAD` the cache sent does to
//! the stored response to `GET` (RFC 9111 §4.3.5). Its `ETag`,
//! `Last-Modified` and `Content-Length` must be those of the stored
//! response: then the `HEAD`'s header fields update it (its freshness
//! among them); else the resource has changed and the stored response is
//! removed. The `HEAD`'s own answer, without a body, is never stored.
//!
//! Layer 5 (the HTTP cache): imports the cache's settings, the lookup, the
//! policy's headers, invalidation, refreshing, and layers 1 and 2.

use std::time::SystemTime;

use http::header::{CONTENT_LENGTH, ETAG, LAST_MODIFIED};
use http::{HeaderMap, StatusCode};

use super::http_cache::HttpCache;
use super::lookup::lookup;
use super::policy_headers::{self, without_extensions};
use super::purge::invalidate;
use super::refresh::refresh;
use crate::cache::encoding::time::to_ms;
use crate::cache::storage::log::log_store_error;
use crate::cache::storage::store::CacheStore;

/// The fields that tell whether a `HEAD`'s answer describes the stored
/// response.
const DESCRIBING: [http::HeaderName; 3] = [ETAG, LAST_MODIFIED, CONTENT_LENGTH];

/// Updates or removes the stored `GET` response at `primary` after the
/// origin answered `request` (a `HEAD`) with `response`.
pub(super) fn update_from_head(
    cache: &HttpCache,
    store: &CacheStore,
    primary: &str,
    request: &http::request::Parts,
    response: &http::response::Parts,
    arrived: SystemTime,
) {
    if response.status != StatusCode::OK {
        return;
    }
    let found = match lookup(store, request, primary, to_ms(arrived)) {
        Ok(found) => found.found,
        Err(e) => return log_store_error("reading the cache after a HEAD", &e),
    };
    let Some(found) = found else {
        return;
    };
    let describes = DESCRIBING
        .iter()
        .all(|name| found.stored.headers.get(name) == response.headers.get(name));
    if !describes {
        if let Err(e) = invalidate(store, &request.uri) {
            log_store_error("removing an entry a HEAD showed changed", &e);
        }
        return;
    }
    let headers = updated(&found.stored.headers, &response.headers);
    let policy = policy_headers::policy(
        without_extensions(request),
        response.status,
        &headers,
        arrived,
        cache.options(),
    );
    refresh(cache, store, &found, request, &policy, &headers, arrived);
}

/// `stored` with every field `newer` has replaced by `newer`'s lines.
fn updated(stored: &HeaderMap, newer: &HeaderMap) -> HeaderMap {
    let mut headers = stored.clone();
    for name in newer.keys() {
        headers.remove(name);
    }
    for (name, value) in newer {
        headers.append(name, value.clone());
    }
    headers
}
