//! A client's conditional request answered from a fresh stored response
//! (RFC 9111 §4.3.2, RFC 9110 §13.2.2): `If-None-Match` first, and only
//! without it `If-Modified-Since`; a request they hold for is answered
//! `304 Not Modified` without the body. `If-Match` and
//! `If-Unmodified-Since` are the origin's to evaluate, not a cache's.
//!
//! Layer 5 (the HTTP cache): imports the status.

use std::time::SystemTime;

use http::header::{
    CACHE_CONTROL, CONTENT_LOCATION, DATE, ETAG, EXPIRES, HeaderMap, IF_MODIFIED_SINCE,
    IF_NONE_MATCH, LAST_MODIFIED, VARY,
};
use http::{HeaderValue, StatusCode};

use super::status::{CacheStatus, Detail, mark};
use crate::{Body, Response};

/// The fields a 304 carries from the response it stands for (RFC 9110
/// §15.4.5), besides the cache's own `Age` and status.
const KEPT: [http::HeaderName; 6] = [CACHE_CONTROL, CONTENT_LOCATION, DATE, ETAG, EXPIRES, VARY];

/// Whether the request's conditions say the client's copy is current,
/// judged against the stored response's `headers`: RFC 9110 §13.2.2's
/// order. `received` stands in for a missing `Date`.
pub(super) fn not_modified(request: &HeaderMap, stored: &HeaderMap, received: SystemTime) -> bool {
    if request.contains_key(IF_NONE_MATCH) {
        let Some(etag) = stored.get(ETAG).and_then(|v| v.to_str().ok()) else {
            return false;
        };
        return request
            .get_all(IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .any(|tag| tag == "*" || weak_match(tag, etag));
    }
    // An invalid date, or more than one, and the condition is ignored.
    let mut since = request.get_all(IF_MODIFIED_SINCE).iter();
    let (Some(since), None) = (since.next(), since.next()) else {
        return false;
    };
    let Some(since) = http_date(since) else {
        return false;
    };
    let changed = stored
        .get(LAST_MODIFIED)
        .or_else(|| stored.get(DATE))
        .and_then(http_date)
        .unwrap_or(received);
    changed <= since
}

/// The 304 for a request `not_modified` holds for, from the stored
/// response's `parts` as the cache would serve them.
pub(super) fn not_modified_response(parts: &http::response::Parts, detail: Detail) -> Response {
    let mut res = Response::new(Body::empty());
    *res.status_mut() = StatusCode::NOT_MODIFIED;
    for name in KEPT.iter().chain([&http::header::AGE]) {
        for value in parts.headers.get_all(name) {
            res.headers_mut().append(name.clone(), value.clone());
        }
    }
    mark(res, CacheStatus::Hit, detail)
}

/// RFC 9110 §8.8.3.2's weak comparison: the opaque tags are equal,
/// whether either is weak or not.
pub(super) fn weak_match(a: &str, b: &str) -> bool {
    let (a, b) = (strip_weak(a), strip_weak(b));
    a.starts_with('"') && a == b
}

fn strip_weak(tag: &str) -> &str {
    tag.strip_prefix("W/").unwrap_or(tag)
}

fn http_date(value: &HeaderValue) -> Option<SystemTime> {
    httpdate::parse_http_date(value.to_str().ok()?).ok()
}
