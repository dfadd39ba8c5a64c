//! [`revalidate`]: a stale entry, revalidated with a conditional request.
//! A 304 refreshes the entry and serves it; an origin that fails serves
//! it stale where RFC 9111 and RFC 5861 allow; anything else is a miss.
//!
//! Layer 5 (the HTTP cache): imports the directives, the status, the
//! stored response, the lookup's result, serving, the miss, and layer 1.

use std::time::SystemTime;

use http::header::{DATE, ETAG, LAST_MODIFIED};
use http::{HeaderMap, StatusCode};
use http_cache_semantics::{AfterResponse, CachePolicy};

use super::directives;
use super::lookup::Found;
use super::miss::{Miss, is_final, not_final};
use super::policy_headers::{self, without_extensions};
use super::serve::{serve, with_date};
use super::status::{CacheStatus, Detail, Forward};
use super::stored_response::StoredResponse;
use crate::cache::encoding::head::{Entry, Head};
use crate::cache::encoding::time::to_ms;
use crate::cache::storage::log::log_store_error;
use crate::fetch::{FetchError, Timeouts};
use crate::{Body, Request, Response};

/// Revalidates `found`, stale, for `original`: sends `conditional` (the
/// policy's conditional request) through `miss`.
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
    let in_swr_window = within(directives::seconds(
        &stored.headers,
        "stale-while-revalidate",
    ));
    let if_error = directives::seconds(&stored.headers, "stale-if-error")
        .max(directives::seconds(&original.headers, "stale-if-error"));
    let stale_on_error = in_swr_window || within(if_error);

    let mut request = Request::from_parts(conditional, Body::empty());
    *request.extensions_mut() = original.extensions.clone();
    if in_swr_window {
        let mut timeouts = request
            .extensions()
            .get::<Timeouts>()
            .copied()
            .unwrap_or_default();
        let wait = miss.cache.revalidate_timeout;
        timeouts.first_byte = Some(timeouts.first_byte.map_or(wait, |t| t.min(wait)));
        request.extensions_mut().insert(timeouts);
    }
    let store = miss.store;
    // Served stale: the origin answered `code`, or not at all.
    let stale = |code: Option<StatusCode>| {
        let (mut parts, ()) = http::Response::new(()).into_parts();
        parts.status = stored.status;
        parts.headers = stored.stale_headers(policy.age(now));
        let detail = Detail {
            forward: Some(Forward::Stale),
            forward_status: code.map(|c| c.as_u16()),
            ttl: Some(-i64::try_from(staleness).unwrap_or(i64::MAX)),
            ..Detail::default()
        };
        serve(store, &found.entry, parts, CacheStatus::Stale, detail)
    };
    miss.read_tags(&original);
    match crate::fetch(request) {
        Ok(res) if res.status() == StatusCode::NOT_MODIFIED => {
            let arrived = SystemTime::now();
            let mut answer = policy_headers::response_parts(
                res.status(),
                res.headers(),
                arrived,
                miss.cache.shared,
            );
            // A 304 without a validator answers the one we sent: ours
            // (RFC 9111 §4.3.4, the stored response is the one selected).
            if !answer.headers.contains_key(ETAG) && !answer.headers.contains_key(LAST_MODIFIED) {
                for name in [ETAG, LAST_MODIFIED] {
                    if let Some(value) = stored.headers.get(&name) {
                        answer.headers.insert(name, value.clone());
                    }
                }
            }
            if let AfterResponse::NotModified(refreshed, parts) =
                policy.after_response(&policy_headers::request_parts(&original), &answer, arrived)
            {
                let date = res.headers().get(DATE).or(stored.headers.get(DATE));
                let mut parts = with_date(parts, date);
                parts.status = stored.status;
                refresh(
                    &miss,
                    &found,
                    &original,
                    &refreshed,
                    &parts.headers,
                    arrived,
                );
                let ttl = refreshed.time_to_live(arrived).as_secs();
                let detail = Detail {
                    ttl: Some(i64::try_from(ttl).unwrap_or(i64::MAX)),
                    ..Detail::default()
                };
                if let Some(res) =
                    serve(store, &found.entry, parts, CacheStatus::Revalidated, detail)
                {
                    return Ok(res);
                }
            }
            // A 304 for another version, or the body went meanwhile:
            // ask again without conditions.
            miss.fetch(original, Body::empty())
        }
        Ok(res) if !is_final(res.status()) => {
            let code = res.status();
            if stale_on_error && let Some(stale) = stale(Some(code)) {
                return Ok(stale);
            }
            Ok(not_final(code))
        }
        Ok(res) if res.status().is_server_error() && stale_on_error => {
            Ok(stale(Some(res.status())).unwrap_or(res))
        }
        Ok(res) => Ok(miss.store_response(&without_extensions(&original), res)),
        Err(e) if stale_on_error => stale(None).ok_or(e),
        Err(e) => Err(e),
    }
}

/// Rewrites a revalidated entry's head: the 304's headers, the new
/// arrival time, the same body.
fn refresh(
    miss: &Miss<'_>,
    found: &Found,
    request: &http::request::Parts,
    policy: &CachePolicy,
    headers: &HeaderMap,
    arrived: SystemTime,
) {
    let Some(retain_until) = miss.cache.retain_until(policy, headers, arrived) else {
        return;
    };
    let vary = directives::vary_names(headers);
    let stored = StoredResponse {
        request_headers: StoredResponse::keep_request_headers(&request.headers, &vary),
        headers: headers.clone(),
        stored_at: to_ms(arrived),
        ..found.stored.clone()
    };
    let entry = Entry {
        retain_until,
        meta: stored.encode(),
        ..found.entry.clone()
    };
    if let Err(e) = miss.store.put_head(&found.head_key, &Head::Entry(entry)) {
        log_store_error("refreshing a revalidated entry", &e);
    }
}
