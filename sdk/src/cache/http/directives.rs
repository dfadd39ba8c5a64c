//! The few header rules `http-cache-semantics` leaves to its user: the
//! RFC 5861 extensions (`stale-while-revalidate`, `stale-if-error`), the
//! directives that forbid serving stale, the names `Vary` (or
//! `Connection`) lists, and `Surrogate-Key`.
//!
//! Layer 5 (the HTTP cache): imports nothing of the cache.

use http::header::{CACHE_CONTROL, VARY};
use http::{HeaderMap, HeaderName};

/// Every `Cache-Control` directive in `headers`, names lowercased.
fn directives(headers: &HeaderMap) -> impl Iterator<Item = (String, Option<&str>)> {
    headers
        .get_all(CACHE_CONTROL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|part| {
            let mut pair = part.splitn(2, '=');
            let name = pair.next()?.trim();
            let value = pair.next().map(|v| v.trim().trim_matches('"'));
            (!name.is_empty()).then(|| (name.to_ascii_lowercase(), value))
        })
}

/// The seconds directive `name` gives in `headers`, if it is there with a
/// number.
pub(crate) fn seconds(headers: &HeaderMap, name: &str) -> Option<u64> {
    directives(headers)
        .filter(|(n, _)| n == name)
        .find_map(|(_, v)| v?.parse().ok())
}

/// Whether `headers` carry the directive `name` (lowercase), with or
/// without a value.
pub(crate) fn present(headers: &HeaderMap, name: &str) -> bool {
    directives(headers).any(|(n, _)| n == name)
}

/// Whether a stale copy of a response with these headers may ever be
/// served: not if the origin said `must-revalidate`, `no-cache` or (to a
/// shared cache) `proxy-revalidate` (RFC 9111 §4.2.4).
pub(crate) fn may_serve_stale(response: &HeaderMap, shared: bool) -> bool {
    !directives(response).any(|(n, _)| {
        n == "must-revalidate" || n == "no-cache" || (shared && n == "proxy-revalidate")
    })
}

/// The header names the response varies on, lowercased, each once, in
/// the order the origin gave them; empty without `Vary`. `Vary: *` gives
/// `["*"]`.
pub(crate) fn vary_names(response: &HeaderMap) -> Vec<String> {
    field_names(response, &VARY)
}

/// The header names a list field (`Vary`, `Connection`) of `headers`
/// names, lowercased, each once, in the order given.
pub(crate) fn field_names(headers: &HeaderMap, field: &HeaderName) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    // A set, not a scan of `names`: an origin may list thousands.
    let mut seen = std::collections::HashSet::new();
    let all = headers
        .get_all(field)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','));
    for name in all {
        let name = name.trim().to_ascii_lowercase();
        if !name.is_empty() && seen.insert(name.clone()) {
            names.push(name);
        }
    }
    names
}

/// The tags in the origin's `Surrogate-Key` header: space-separated.
pub(crate) fn surrogate_keys(response: &HeaderMap) -> Vec<String> {
    response
        .get_all("surrogate-key")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(str::split_ascii_whitespace)
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().expect("a valid header value"));
        }
        map
    }

    #[test]
    fn directives_are_read_across_headers_case_and_quotes() {
        let h = headers(&[
            ("cache-control", "max-age=60, Stale-If-Error=\"300\""),
            ("cache-control", "stale-while-revalidate=30"),
        ]);
        assert_eq!(seconds(&h, "stale-if-error"), Some(300));
        assert_eq!(seconds(&h, "stale-while-revalidate"), Some(30));
        assert_eq!(seconds(&h, "max-age"), Some(60));
        assert_eq!(seconds(&h, "s-maxage"), None);
        assert!(present(&h, "stale-if-error"));
        assert!(!present(&h, "only-if-cached"));
    }

    #[test]
    fn stale_is_forbidden_by_revalidation_directives() {
        let shared = true;
        assert!(may_serve_stale(
            &headers(&[("cache-control", "max-age=1")]),
            shared
        ));
        for forbidding in ["must-revalidate", "no-cache", "proxy-revalidate"] {
            let h = headers(&[("cache-control", forbidding)]);
            assert!(!may_serve_stale(&h, shared), "{forbidding}");
        }
        let h = headers(&[("cache-control", "proxy-revalidate")]);
        assert!(may_serve_stale(&h, !shared));
    }

    #[test]
    fn vary_names_are_lowercased_and_unique() {
        let h = headers(&[
            ("vary", "Accept-Encoding, accept-language"),
            ("vary", "accept-encoding"),
        ]);
        assert_eq!(vary_names(&h), ["accept-encoding", "accept-language"]);
        assert!(vary_names(&HeaderMap::new()).is_empty());
        assert_eq!(vary_names(&headers(&[("vary", "*")])), ["*"]);
    }

    #[test]
    fn surrogate_keys_are_space_separated() {
        let h = headers(&[
            ("surrogate-key", "news  home"),
            ("surrogate-key", "article-7"),
        ]);
        assert_eq!(surrogate_keys(&h), ["news", "home", "article-7"]);
    }
}
