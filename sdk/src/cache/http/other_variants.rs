//! A request for a variant that is not stored while others of its URL
//! are: the origin is asked whether one of theirs will do, with their
//! entity tags in `If-None-Match` (RFC 9111 §4.3.1). A 304 naming one
//! selects that stored response: it is refreshed and serves the request
//! (§4.3.4), and its body does not cross the network again. Any other
//! answer is the miss's; a 304 that selects none is not the client's
//! answer (it asked for no condition), so the request goes again without.
//!
//! Layer 5 (the HTTP cache): imports the status, the conditional rules,
//! the lookup, the miss, the revalidation's 304, the policy's headers,
//! and layers 1 and 2.

use std::time::SystemTime;

use http::header::{ETAG, IF_MATCH, IF_MODIFIED_SINCE, IF_NONE_MATCH, IF_RANGE};
use http::header::{IF_UNMODIFIED_SINCE, RANGE};
use http::{HeaderValue, Method, StatusCode};

use super::conditional::weak_match;
use super::lookup::stored_variant;
use super::miss::{Miss, is_final, not_final};
use super::policy_headers::without_extensions;
use super::revalidate::refreshed_by_304;
use super::status::{Detail, Forward};
use crate::cache::encoding::head::Validated;
use crate::cache::encoding::time::to_ms;
use crate::cache::storage::log::log_store_error;
use crate::fetch::FetchError;
use crate::{Body, Request, Response};

/// The fields by which a client asks for a conditional or partial answer:
/// such a request is the client's to have answered, as it asked.
const CLIENT_CONDITIONS: [http::HeaderName; 6] = [
    IF_NONE_MATCH,
    IF_MATCH,
    IF_MODIFIED_SINCE,
    IF_UNMODIFIED_SINCE,
    IF_RANGE,
    RANGE,
];

/// The stored variants offered to the origin for one request.
pub(super) struct Offer {
    /// Their entity tags, as `If-None-Match` lists them.
    etags: HeaderValue,
    /// The variants, newest last.
    variants: Vec<Validated>,
}

/// What to offer the origin for `request`, a miss sent through `miss`:
/// `None` unless it is a `GET` for a variant not stored, without
/// conditions or ranges of its own, and the URL's Vary marker indexes
/// other variants with entity tags.
pub(super) fn offer(miss: &Miss<'_>, request: &http::request::Parts) -> Option<Offer> {
    if miss.forward != Forward::VaryMiss
        || request.method != Method::GET
        || CLIENT_CONDITIONS
            .iter()
            .any(|name| request.headers.contains_key(name))
    {
        return None;
    }
    let variants = miss.marker.as_ref()?.validated.clone();
    let listed: Vec<&[u8]> = variants.iter().map(|v| v.etag.as_slice()).collect();
    let etags = HeaderValue::from_bytes(&listed.join(&b", "[..])).ok()?;
    (!variants.is_empty()).then_some(Offer { etags, variants })
}

/// Sends `parts` with `offer`'s entity tags: a 304 naming one of them
/// serves that variant, refreshed; a 304 naming none sends the request
/// again as the client made it; anything else is stored as a miss's
/// answer is.
pub(super) fn ask(
    mut miss: Miss<'_>,
    mut parts: http::request::Parts,
    body: Body,
    offer: Offer,
) -> Result<Response, FetchError> {
    miss.read_tags(&parts);
    let original = without_extensions(&parts);
    let extensions = parts.extensions.clone();
    parts.headers.insert(IF_NONE_MATCH, offer.etags.clone());
    let res = crate::fetch(Request::from_parts(parts, body))?;
    if res.status() != StatusCode::NOT_MODIFIED {
        if !is_final(res.status()) {
            return Ok(not_final(res.status()));
        }
        return Ok(miss.store_response(&original, res));
    }
    if let Some(answer) = selected(&miss, &original, &offer, &res) {
        return Ok(answer);
    }
    let mut again = original;
    again.extensions = extensions;
    miss.fetch(again, Body::empty())
}

/// The offered variant the 304 `res` names, refreshed and serving
/// `request`; `None` if it names none still stored, with that very tag.
fn selected(
    miss: &Miss<'_>,
    request: &http::request::Parts,
    offer: &Offer,
    res: &Response,
) -> Option<Response> {
    let named = res.headers().get(ETAG)?.as_bytes();
    let now_ms = to_ms(SystemTime::now());
    let candidates = offer.variants.iter().rev();
    for candidate in candidates.filter(|v| selects(named, &v.etag)) {
        let found = match stored_variant(miss.store, request, &candidate.key, now_ms) {
            Ok(Some(found)) => found,
            Ok(None) => continue,
            Err(e) => {
                log_store_error("reading another variant", &e);
                continue;
            }
        };
        // The index is a hint: the stored response itself must carry it.
        let stored_tag = found.stored.headers.get(ETAG).map(HeaderValue::as_bytes);
        if !stored_tag.is_some_and(|tag| selects(named, tag)) {
            continue;
        }
        // Refreshed as the response to the request it was stored for:
        // the variant keeps its own values of the varied headers.
        let mut own = without_extensions(request);
        own.headers = found.stored.request_headers.clone();
        let policy = found.stored.policy(&own, miss.cache.options());
        let detail = Detail {
            forward: Some(Forward::VaryMiss),
            forward_status: Some(StatusCode::NOT_MODIFIED.as_u16()),
            ..Detail::default()
        };
        let (cache, store) = (miss.cache, miss.store);
        if let Some(answer) =
            refreshed_by_304(cache, store, &found, &own, &policy, res, false, detail)
        {
            return Some(answer);
        }
    }
    None
}

/// Whether a 304's entity tag `named` selects a stored response with tag
/// `stored` (RFC 9111 §4.3.4): a strong tag only one with the same strong
/// tag, a weak one any whose opaque tag is the same (RFC 9110 §8.8.3.2).
fn selects(named: &[u8], stored: &[u8]) -> bool {
    if named.starts_with(b"W/") {
        let text = |tag| std::str::from_utf8(tag).ok();
        text(named)
            .zip(text(stored))
            .is_some_and(|(named, stored)| weak_match(named, stored))
    } else {
        named == stored
    }
}

#[cfg(test)]
mod tests {
    use super::selects;

    #[test]
    fn a_strong_tag_selects_the_same_strong_tag_a_weak_one_any_alike() {
        assert!(selects(b"\"v1\"", b"\"v1\""));
        assert!(!selects(b"\"v1\"", b"W/\"v1\""));
        assert!(!selects(b"\"v1\"", b"\"v2\""));
        assert!(selects(b"W/\"v1\"", b"\"v1\""));
        assert!(selects(b"W/\"v1\"", b"W/\"v1\""));
        assert!(!selects(b"W/\"v1\"", b"W/\"v2\""));
    }
}
