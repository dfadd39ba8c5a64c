//! [`revalidate`]: a stale entry, revalidated with a conditional request.
//! A 304 refreshes the entry and serves it ([`refreshed_by_304`]); an
//! origin that fails serves it stale where RFC 9111 and RFC 5861 allow;
//! anything else is a miss.
//!
//! Layer 5 (the HTTP cache): imports the cache's settings, the
//! directives, the status, the lookup's result, serving, the miss, the
//! policy's headers and refreshing, and layer 2's store.

use std::time::SystemTime;

use http::StatusCode;
use http::header::{DATE, ETAG, LAST_MODIFIED};
use http_cache_semantics::{AfterResponse, CachePolicy};

use super::directives;
use super::http_cache::HttpCache;
use super::lookup::Found;
use super::miss::{Miss, is_final, not_final};
use super::policy_headers::{self, without_extensions};
use super::refresh::refresh;
use super::serve::{serve, with_date};
use super::status::{CacheStatus, Detail, Forward};
use crate::cache::storage::store::CacheStore;
use crate::fetch::{FetchError, Timeouts};
use crate::{Body, Request, Response};

/// Revalidates `found`, stale, for `original` with `conditional` (the
/// policy's conditional request) through `miss`. Inside the response's
/// `stale-while-revalidate` window the stale copy answers at once and the
/// revalidation runs after the response is sent.
pub(super) fn revalidate(
    mut miss: Miss<'_>,
    original: http::request::Parts,
    found: Found,
    policy: &CachePolicy,
    conditional: http::request::Parts,
    now: SystemTime,
) -> Result<Response, FetchError> {
    miss.forward = Forward::Stale;
    let stored = &found.stored;
    let fresh_until = stored.stored_time() + policy.time_to_live(stored.stored_time());
    let staleness = now
        .duration_since(fresh_until)
        .unwrap_or_default()
        .as_secs();
    let may_serve_stale = directives::may_serve_stale(&stored.headers, miss.cache.shared);
    let within = |secs: Option<u64>| may_serve_stale && secs.is_some_and(|s| staleness <= s);
    let stale_ttl = Some(-i64::try_from(staleness).unwrap_or(i64::MAX));
    let store = miss.store;
    let stale_parts = || {
        let (mut parts, ()) = http::Response::new(()).into_parts();
        parts.status = stored.status;
        parts.headers = stored.served_headers(policy.age(now));
        parts
    };
    if within(directives::seconds(
        &stored.headers,
        "stale-while-revalidate",
    )) {
        let detail = Detail {
            ttl: stale_ttl,
            note: Some("stale-while-revalidate"),
            ..Detail::default()
        };
        if let Some(res) = serve(
            store,
            &found.entry,
            stale_parts(),
            CacheStatus::Stale,
            detail,
        ) {
            in_background(&miss, original, found, policy.clone(), conditional);
            return Ok(res);
        }
    }
    let if_error = directives::seconds(&stored.headers, "stale-if-error")
        .max(directives::seconds(&original.headers, "stale-if-error"));
    let stale_on_error = within(if_error);
    // Served stale: the origin answered `code`, or not at all.
    let stale = |code: Option<StatusCode>| {
        let detail = Detail {
            forward: Some(Forward::Stale),
            forward_status: code.map(|c| c.as_u16()),
            ttl: stale_ttl,
            ..Detail::default()
        };
        serve(
            store,
            &found.entry,
            stale_parts(),
            CacheStatus::Stale,
            detail,
        )
    };
    match ask(miss, original, &found, policy, conditional, false) {
        Asked::Answer(res) => Ok(res),
        Asked::Failed(code) if stale_on_error => match stale(Some(code)) {
            Some(res) => Ok(res),
            None => Ok(not_final(code)),
        },
        Asked::Failed(code) => Ok(not_final(code)),
        Asked::ServerError(res) if stale_on_error => Ok(stale(Some(res.status())).unwrap_or(res)),
        Asked::ServerError(res) => Ok(res),
        Asked::Unreachable(e) if stale_on_error => stale(None).ok_or(e),
        Asked::Unreachable(e) => Err(e),
    }
}

/// What asking the origin to revalidate gave.
enum Asked {
    /// The answer to serve: the refreshed entry, or the origin's new one.
    Answer(Response),
    /// The origin answered a status that is no final HTTP status.
    Failed(StatusCode),
    /// The origin answered 5xx.
    ServerError(Response),
    /// The origin could not be asked.
    Unreachable(FetchError),
}

/// Sends `conditional` for `found`: a 304 refreshes the entry (and, unless
/// `background`, serves it); another answer is stored as a miss's is.
fn ask(
    mut miss: Miss<'_>,
    original: http::request::Parts,
    found: &Found,
    policy: &CachePolicy,
    conditional: http::request::Parts,
    background: bool,
) -> Asked {
    let mut request = Request::from_parts(conditional, Body::empty());
    *request.extensions_mut() = original.extensions.clone();
    if background {
        let mut timeouts = request
            .extensions()
            .get::<Timeouts>()
            .copied()
            .unwrap_or_default();
        let wait = miss.cache.revalidate_timeout;
        timeouts.first_byte = Some(timeouts.first_byte.map_or(wait, |t| t.min(wait)));
        request.extensions_mut().insert(timeouts);
    }
    miss.read_tags(&original);
    let res = match crate::fetch(request) {
        Ok(res) => res,
        Err(e) => return Asked::Unreachable(e),
    };
    if res.status() == StatusCode::NOT_MODIFIED {
        let (cache, store) = (miss.cache, miss.store);
        let detail = Detail::default();
        if let Some(answer) = refreshed_by_304(
            cache, store, found, &original, policy, &res, background, detail,
        ) {
            return Asked::Answer(answer);
        }
        // A 304 for another version, or the body went meanwhile: ask
        // again without conditions.
        return match miss.fetch(original, Body::empty()) {
            Ok(res) => Asked::Answer(res),
            Err(e) => Asked::Unreachable(e),
        };
    }
    if !is_final(res.status()) {
        return Asked::Failed(res.status());
    }
    if res.status().is_server_error() {
        return Asked::ServerError(res);
    }
    Asked::Answer(miss.store_response(&without_extensions(&original), res))
}

/// `found` refreshed by the 304 `res` to a conditional request for it, and
/// served marked REVALIDATED with `detail` and its new `ttl`: `request` is
/// the request it answers, as its policy reads it; with `background`,
/// refreshed only (an empty answer). `None` if the 304 is for another
/// version, or the body went meanwhile.
#[expect(
    clippy::too_many_arguments,
    reason = "the exchange, the entry and its policy, each needed"
)]
pub(super) fn refreshed_by_304(
    cache: &HttpCache,
    store: &CacheStore,
    found: &Found,
    request: &http::request::Parts,
    policy: &CachePolicy,
    res: &Response,
    background: bool,
    detail: Detail,
) -> Option<Response> {
    let stored = &found.stored;
    let arrived = SystemTime::now();
    let mut answer =
        policy_headers::response_parts(res.status(), res.headers(), arrived, cache.shared);
    // A 304 without a validator answers the one we sent: ours
    // (RFC 9111 §4.3.4, the stored response is the one selected).
    if !answer.headers.contains_key(ETAG) && !answer.headers.contains_key(LAST_MODIFIED) {
        for name in [ETAG, LAST_MODIFIED] {
            if let Some(value) = stored.headers.get(&name) {
                answer.headers.insert(name, value.clone());
            }
        }
    }
    let AfterResponse::NotModified(refreshed, parts) =
        policy.after_response(&policy_headers::request_parts(request), &answer, arrived)
    else {
        return None;
    };
    let date = res.headers().get(DATE).or(stored.headers.get(DATE));
    let mut parts = with_date(parts, date);
    parts.status = stored.status;
    refresh(
        cache,
        store,
        found,
        request,
        &refreshed,
        &parts.headers,
        arrived,
    );
    if background {
        return Some(Response::new(Body::empty()));
    }
    let ttl = refreshed.time_to_live(arrived).as_secs();
    let detail = Detail {
        ttl: Some(i64::try_from(ttl).unwrap_or(i64::MAX)),
        ..detail
    };
    serve(store, &found.entry, parts, CacheStatus::Revalidated, detail)
}

/// Revalidates `found` once the response is sent (see
/// [`after_response`](crate::after_response)): a 304 refreshes the entry,
/// a new answer is stored as it is read to its end; a failure leaves the
/// stale entry as it was and is said on stderr.
fn in_background(
    miss: &Miss<'_>,
    original: http::request::Parts,
    found: Found,
    policy: CachePolicy,
    conditional: http::request::Parts,
) {
    let cache = miss.cache.clone();
    let (primary, marker) = (miss.primary.clone(), miss.marker.clone());
    let uri = original.uri.clone();
    crate::after_response(move || {
        let Some(store) = cache.store.get() else {
            return;
        };
        let miss = Miss {
            cache: &cache,
            store,
            primary,
            marker,
            generations: None,
            forward: Forward::Stale,
            lease: None,
        };
        let failure = match ask(miss, original, &found, &policy, conditional, true) {
            Asked::Answer(res) => {
                // Reading the body to its end is what stores it.
                let read = res.into_body().write_to(&mut std::io::sink());
                read.err().map(|e| format!("its body failed: {e}"))
            }
            Asked::Failed(code) => Some(format!("the origin answered {}", code.as_u16())),
            Asked::ServerError(res) => Some(format!("the origin answered {}", res.status())),
            Asked::Unreachable(e) => Some(e.to_string()),
        };
        if let Some(why) = failure {
            eprintln!(
                "edge::cache: revalidating {uri} after the response: {why}; the stale entry stays"
            );
        }
    });
}
