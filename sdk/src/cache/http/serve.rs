//! [`serve`]: a stored entry's body under a response's status and
//! headers, marked with how the cache answered; [`with_date`], the
//! origin's `Date` on them.
//!
//! Layer 5 (the HTTP cache): imports the status, layer 4's stream, and
//! layers 1 and 2.

use http::HeaderValue;
use http::header::{CONTENT_LENGTH, DATE};

use super::status::{CacheStatus, Detail, mark};
use crate::cache::encoding::head::Entry;
use crate::cache::storage::log::log_store_error;
use crate::cache::storage::store::CacheStore;
use crate::cache::streaming::stream::stored_body;
use crate::{Body, Response};

/// `entry`'s body under `parts`, or `None` if its body is gone.
pub(super) fn serve(
    store: &CacheStore,
    entry: &Entry,
    parts: http::response::Parts,
    status: CacheStatus,
    detail: Detail,
) -> Option<Response> {
    let mut res = Response::from_parts(parts, body_of(store, entry)?);
    if entry.chunks > 0 && !res.headers().contains_key(CONTENT_LENGTH) {
        res.headers_mut()
            .insert(CONTENT_LENGTH, HeaderValue::from(entry.body_len));
    }
    Some(mark(res, status, detail))
}

/// `entry`'s stored body, or `None` (said on stderr if the store failed)
/// if it is gone.
pub(super) fn body_of(store: &CacheStore, entry: &Entry) -> Option<Body> {
    match stored_body(store, entry) {
        Ok(body) => body,
        Err(e) => {
            log_store_error("reading a stored body", &e);
            None
        }
    }
}

/// `parts` with the origin's `Date`: the time the origin made the
/// response (its age is in `Age`), not the time it is served.
pub(super) fn with_date(
    mut parts: http::response::Parts,
    date: Option<&HeaderValue>,
) -> http::response::Parts {
    match date {
        Some(date) => parts.headers.insert(DATE, date.clone()),
        None => parts.headers.remove(DATE),
    };
    parts
}
