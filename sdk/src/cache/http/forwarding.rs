//! Which of a client's request headers a `GET` or `HEAD` through the
//! cache carries to the origin, and when a response to a request with a
//! `Cookie` may be stored.
//!
//! A stored response is served to everyone whose request has the same
//! key: method, URL, and the values of the headers it varies on. A header
//! that reaches the origin without being in that key can shape what is
//! stored for everyone: an `X-Forwarded-Host: evil.example` reflected
//! into a page is then served to the next visitor (cache poisoning). So
//! only headers whose effect the key already covers go to the origin:
//!
//! - content negotiation (`Accept`, `Accept-Charset`, `Accept-Encoding`,
//!   `Accept-Language`), which an origin that uses it names in `Vary`
//!   (RFC 9110 §12.5.5);
//! - the cache's own business: `Cache-Control`, `Pragma`, the
//!   conditionals (`If-None-Match`, `If-Modified-Since`, `If-Match`,
//!   `If-Unmodified-Since`, `If-Range`) and `Range`, whose answers (304,
//!   206, 412) are never stored as the full response;
//! - credentials: `Authorization`, whose answers a shared cache stores
//!   only when the origin says they are for everyone (RFC 9111 §3.5), and
//!   `Cookie`, held to the same rule here: its answers are stored only
//!   when they vary on `Cookie` or say `public`, `s-maxage` or carry a
//!   `CDN-Cache-Control`;
//! - the headers the app keys ([`HttpCache::key_header`]: each is then
//!   part of the key, as if the origin varied on it) or vouches for
//!   ([`HttpCache::forward_header`]).
//!
//! Every other header stays at the cache. Methods that are never cached
//! (`POST`, ...) carry all of them.
//!
//! Layer 5 (the HTTP cache): imports the directives.

use http::header::{
    ACCEPT, ACCEPT_CHARSET, ACCEPT_ENCODING, ACCEPT_LANGUAGE, AUTHORIZATION, CACHE_CONTROL, COOKIE,
    IF_MATCH, IF_MODIFIED_SINCE, IF_NONE_MATCH, IF_RANGE, IF_UNMODIFIED_SINCE, PRAGMA, RANGE,
};
use http::{HeaderMap, HeaderName};

use super::directives;

#[cfg(doc)]
use super::http_cache::HttpCache;

/// The headers a cacheable request always carries to the origin.
const ALWAYS: [HeaderName; 14] = [
    ACCEPT,
    ACCEPT_CHARSET,
    ACCEPT_ENCODING,
    ACCEPT_LANGUAGE,
    CACHE_CONTROL,
    PRAGMA,
    IF_NONE_MATCH,
    IF_MODIFIED_SINCE,
    IF_MATCH,
    IF_UNMODIFIED_SINCE,
    IF_RANGE,
    RANGE,
    AUTHORIZATION,
    COOKIE,
];

/// Drops from `headers` every header a cacheable request does not carry
/// to the origin: all but [`ALWAYS`], `keyed` and `vouched`.
pub(super) fn keep_forwarded(
    headers: &mut HeaderMap,
    keyed: &[HeaderName],
    vouched: &[HeaderName],
) {
    let kept =
        |name: &HeaderName| ALWAYS.contains(name) || keyed.contains(name) || vouched.contains(name);
    let dropped: Vec<HeaderName> = headers.keys().filter(|n| !kept(n)).cloned().collect();
    for name in dropped {
        headers.remove(&name);
    }
}

/// Whether a response to a request with these headers may be stored as
/// far as `Cookie` goes: always without one; with one, only when the
/// response varies on it (`vary`, the keyed headers included) or the
/// origin marked it for shared caches.
pub(super) fn cookie_allows_storing(
    request: &HeaderMap,
    response: &HeaderMap,
    vary: &[String],
) -> bool {
    !request.contains_key(COOKIE)
        || vary.iter().any(|name| name == COOKIE.as_str())
        || directives::present(response, "public")
        || directives::present(response, "s-maxage")
        || response.contains_key("cdn-cache-control")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|&(name, value)| {
                (
                    HeaderName::from_static(name),
                    value.parse().expect("a value"),
                )
            })
            .collect()
    }

    #[test]
    fn only_keyed_vouched_and_understood_headers_are_forwarded() {
        let mut h = headers(&[
            ("accept-encoding", "gzip"),
            ("x-forwarded-host", "evil.example"),
            ("user-agent", "curl"),
            ("x-tenant", "a"),
            ("traceparent", "00-1-2-01"),
            ("if-none-match", "\"v1\""),
        ]);
        let keyed = [HeaderName::from_static("x-tenant")];
        let vouched = [HeaderName::from_static("traceparent")];
        keep_forwarded(&mut h, &keyed, &vouched);
        let mut names: Vec<&str> = h.keys().map(HeaderName::as_str).collect();
        names.sort_unstable();
        assert_eq!(
            names,
            [
                "accept-encoding",
                "if-none-match",
                "traceparent",
                "x-tenant"
            ]
        );
    }

    #[test]
    fn a_cookie_request_is_stored_only_when_the_origin_says_so() {
        let with_cookie = headers(&[("cookie", "id=1")]);
        let plain = headers(&[("cache-control", "max-age=60")]);
        assert!(cookie_allows_storing(&HeaderMap::new(), &plain, &[]));
        assert!(!cookie_allows_storing(&with_cookie, &plain, &[]));
        assert!(cookie_allows_storing(
            &with_cookie,
            &plain,
            &["cookie".to_owned()]
        ));
        for shared in ["public, max-age=60", "s-maxage=60"] {
            let h = headers(&[("cache-control", shared)]);
            assert!(cookie_allows_storing(&with_cookie, &h, &[]), "{shared}");
        }
        let targeted = headers(&[("cdn-cache-control", "max-age=60")]);
        assert!(cookie_allows_storing(&with_cookie, &targeted, &[]));
    }
}
