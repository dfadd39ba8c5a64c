//! [`StoredResponse`]: what the HTTP cache keeps of a request and its
//! response besides the body (in its entry's `meta`), and the
//! `http-cache-semantics` policy rebuilt from it, or its
//! [`Freshness`] as of its arrival, which spares a hit that rebuild.
//!
//! Layer 5 (the HTTP cache): imports the directives, the freshness, and
//! layer 1's codec and varied values.

use std::time::{Duration, SystemTime};

use http::header::{AUTHORIZATION, CONNECTION, HOST};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use http_cache_semantics::{CacheOptions, CachePolicy};

use super::directives;
use super::freshness::{Fresh, Freshness};
use crate::cache::encoding::codec::{Decoder, Encoder};
use crate::cache::encoding::vary_values::{normalize_lists, normalized};

/// A stored response's status and headers, and the request it answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredResponse {
    /// The request's method and URL, as text: compared, never parsed.
    pub(crate) method: String,
    pub(crate) uri: String,
    pub(crate) status: StatusCode,
    /// When the response arrived (milliseconds since the Unix epoch).
    pub(crate) stored_at: u64,
    /// The request headers the policy looks at: `Host`, `Authorization`
    /// and those the response varies on.
    pub(crate) request_headers: HeaderMap,
    /// The response's headers.
    pub(crate) headers: HeaderMap,
    /// What its policy said of it when it arrived ([`with_freshness`]);
    /// `None` in a record written before it was kept.
    ///
    /// [`with_freshness`]: StoredResponse::with_freshness
    pub(crate) freshness: Option<Freshness>,
}

/// Headers that describe one connection, not the response: never served
/// from the cache (RFC 9111 §3.1).
const HOP_BY_HOP: [&str; 8] = [
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

impl StoredResponse {
    /// What to keep of `request`'s headers for a response that varies on
    /// `vary`.
    pub(crate) fn keep_request_headers(request: &HeaderMap, vary: &[String]) -> HeaderMap {
        let mut kept = HeaderMap::new();
        let names = [HOST.as_str(), AUTHORIZATION.as_str()]
            .into_iter()
            .chain(vary.iter().map(String::as_str));
        for name in names {
            for value in request.get_all(name) {
                if let Ok(name) = HeaderName::from_bytes(name.as_bytes()) {
                    kept.append(name, value.clone());
                }
            }
        }
        normalize_lists(&mut kept);
        kept
    }

    /// Whether `request` gives each of the headers `names` the value the
    /// stored request gave it, compared as the variant keys compare them:
    /// a key is a hash, and a hash alone could be matched on purpose.
    pub(crate) fn same_values(&self, names: &[String], request: &HeaderMap) -> bool {
        names.iter().all(|name| {
            let stored = normalized(name, self.request_headers.get_all(name.as_str()).iter());
            stored == normalized(name, request.get_all(name.as_str()).iter())
        })
    }

    /// Whether this is the response stored for `request`'s method and URL.
    /// A stored `GET` answers a `HEAD` too (RFC 9110 §9.3.2).
    pub(crate) fn answers(&self, request: &http::request::Parts) -> bool {
        let method = request.method.as_str();
        (self.method == method || (self.method == "GET" && method == "HEAD"))
            && writes_as(&request.uri, &self.uri)
    }

    /// The cache policy of this response, as when it arrived, for a
    /// request it [`answers`](StoredResponse::answers).
    pub(crate) fn policy(
        &self,
        for_request: &http::request::Parts,
        options: CacheOptions,
    ) -> CachePolicy {
        let (mut request, ()) = http::Request::new(()).into_parts();
        request.method = for_request.method.clone();
        request.uri = for_request.uri.clone();
        request.headers = self.request_headers.clone();
        super::policy_headers::policy(
            request,
            self.status,
            &self.headers,
            self.stored_time(),
            options,
        )
    }

    pub(crate) fn stored_time(&self) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_millis(self.stored_at)
    }

    /// This response with its [`Freshness`]: what the policy a hit
    /// rebuilds for `request` (its method and URL) says of it on arrival.
    pub(crate) fn with_freshness(
        mut self,
        request: &http::request::Parts,
        options: CacheOptions,
    ) -> Self {
        let policy = self.policy(request, options);
        self.freshness = Some(Freshness::of(&policy, self.stored_time(), options.shared));
        self
    }

    /// Whether it is surely fresh at `now` for `request` (which it
    /// [`answers`](StoredResponse::answers)), without the policy: the
    /// request's `Host` and the fields the response varies on are the
    /// stored request's (as the policy compares them), and its kept
    /// freshness says so. `None`: ask the policy.
    pub(crate) fn surely_fresh(
        &self,
        request: &HeaderMap,
        now: SystemTime,
        shared: bool,
    ) -> Option<Fresh> {
        let fresh = self
            .freshness?
            .fresh(self.stored_time(), now, request, shared)?;
        let varied = directives::vary_names(&self.headers);
        let same = request.get(HOST) == self.request_headers.get(HOST)
            && !varied.iter().any(|name| name == "*")
            && self.same_values(&varied, request);
        same.then_some(fresh)
    }

    /// The headers to serve a stored copy with, fresh or stale: the stored
    /// ones (every line of each) less hop-by-hop fields and those its
    /// `Connection` names (RFC 9111 §3.1), with its `Age` now.
    pub(crate) fn served_headers(&self, age: Duration) -> HeaderMap {
        let mut headers = self.headers.clone();
        // Most responses have none of them: look before removing.
        if headers
            .keys()
            .any(|name| HOP_BY_HOP.contains(&name.as_str()))
        {
            let named = directives::field_names(&headers, &CONNECTION);
            for name in named.iter().map(String::as_str).chain(HOP_BY_HOP) {
                headers.remove(name);
            }
        }
        headers.insert(http::header::AGE, HeaderValue::from(age.as_secs()));
        headers
    }

    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut e = Encoder::default();
        e.bytes(self.method.as_bytes())
            .bytes(self.uri.as_bytes())
            .u16(self.status.as_u16())
            .u64(self.stored_at);
        for headers in [&self.request_headers, &self.headers] {
            e.u32(headers.len() as u32);
            for (name, value) in headers {
                e.bytes(name.as_str().as_bytes()).bytes(value.as_bytes());
            }
        }
        if let Some(freshness) = &self.freshness {
            freshness.encode(&mut e);
        }
        e.bytes
    }

    pub(crate) fn decode(bytes: &[u8]) -> Option<Self> {
        let mut d = Decoder::new(bytes);
        let method = d.text()?.to_owned();
        let uri = d.text()?.to_owned();
        let status = StatusCode::from_u16(d.u16()?).ok()?;
        let stored_at = d.u64()?;
        let mut read_headers = || -> Option<HeaderMap> {
            let mut headers = HeaderMap::new();
            for _ in 0..d.u32()? {
                let name = HeaderName::from_bytes(d.bytes()?).ok()?;
                let value = HeaderValue::from_bytes(d.bytes()?).ok()?;
                headers.append(name, value);
            }
            Some(headers)
        };
        let request_headers = read_headers()?;
        let headers = read_headers()?;
        let freshness = Freshness::decode(&mut d);
        Some(Self {
            method,
            uri,
            status,
            stored_at,
            request_headers,
            headers,
            freshness,
        })
    }
}

/// Whether `value` displays as `text`, compared as it is written out
/// (a hit compares its URL so, with no copy of it).
fn writes_as(value: &impl std::fmt::Display, text: &str) -> bool {
    use std::fmt::Write;

    /// What is left of the text to match.
    struct Rest<'a>(&'a str);

    impl Write for Rest<'_> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0 = self.0.strip_prefix(s).ok_or(std::fmt::Error)?;
            Ok(())
        }
    }

    let mut rest = Rest(text);
    write!(rest, "{value}").is_ok() && rest.0.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored() -> StoredResponse {
        let mut headers = HeaderMap::new();
        headers.insert("cache-control", HeaderValue::from_static("max-age=60"));
        headers.append("set-thing", HeaderValue::from_static("a"));
        headers.append("set-thing", HeaderValue::from_static("b"));
        headers.insert("connection", HeaderValue::from_static("close"));
        let mut request_headers = HeaderMap::new();
        request_headers.insert("accept-encoding", HeaderValue::from_static("gzip"));
        StoredResponse {
            method: "GET".into(),
            uri: "https://origin.example.com/a?b=c".into(),
            status: StatusCode::OK,
            stored_at: 1_700_000_000_123,
            request_headers,
            headers,
            freshness: None,
        }
    }

    #[test]
    fn a_stored_response_reads_back_as_written_repeated_headers_included() {
        let stored = stored();
        assert_eq!(StoredResponse::decode(&stored.encode()), Some(stored));
        assert_eq!(StoredResponse::decode(b"\x03\0\0\0GE"), None);
    }

    #[test]
    fn the_policy_counts_from_when_the_response_arrived() {
        let stored = stored();
        let (mut request, ()) = http::Request::get(&stored.uri)
            .body(())
            .expect("a request")
            .into_parts();
        assert!(stored.answers(&request));
        let policy = stored.policy(&request, CacheOptions::default());
        // A stored GET answers a HEAD too (RFC 9110 9.3.2), no other
        // method; a stored HEAD answers no GET.
        request.method = http::Method::HEAD;
        assert!(stored.answers(&request));
        request.method = http::Method::POST;
        assert!(!stored.answers(&request));
        let head = StoredResponse {
            method: "HEAD".to_owned(),
            ..stored.clone()
        };
        request.method = http::Method::GET;
        assert!(!head.answers(&request));
        let arrived = stored.stored_time();
        assert_eq!(policy.time_to_live(arrived), Duration::from_secs(60));
        assert!(!policy.is_stale(arrived + Duration::from_secs(59)));
        assert!(policy.is_stale(arrived + Duration::from_secs(61)));
    }

    #[test]
    fn a_url_matches_its_text_whole_and_nothing_longer_or_shorter() {
        let uri: http::Uri = "https://a.example/p?q=1".parse().expect("a URL");
        assert!(writes_as(&uri, "https://a.example/p?q=1"));
        assert!(!writes_as(&uri, "https://a.example/p?q=12"));
        assert!(!writes_as(&uri, "https://a.example/p?q="));
        assert!(!writes_as(&uri, "https://a.example/P?q=1"));
    }

    #[test]
    fn a_served_copy_has_its_age_every_line_and_no_connection_headers() {
        let mut stored = stored();
        stored
            .headers
            .append("connection", HeaderValue::from_static("X-Hop, keep-alive"));
        stored
            .headers
            .insert("x-hop", HeaderValue::from_static("1"));
        let headers = stored.served_headers(Duration::from_secs(75));
        assert_eq!(headers["age"], "75");
        assert!(headers.get("connection").is_none());
        assert!(headers.get("x-hop").is_none());
        assert_eq!(headers.get_all("set-thing").iter().count(), 2);
    }

    #[test]
    fn a_kept_freshness_reads_back_and_says_what_the_policy_says() {
        let stored = stored();
        let (request, ()) = http::Request::get(&stored.uri)
            .body(())
            .expect("a request")
            .into_parts();
        let options = CacheOptions::default();
        let kept = stored.clone().with_freshness(&request, options);
        let read = StoredResponse::decode(&kept.encode()).expect("a record");
        assert_eq!(read, kept);
        let policy = stored.policy(&request, options);
        let now = stored.stored_time() + Duration::from_millis(30_500);
        let fresh = read
            .surely_fresh(&HeaderMap::new(), now, options.shared)
            .expect("fresh");
        assert_eq!(fresh.age, policy.age(now));
        assert_eq!(fresh.ttl, policy.time_to_live(now));
        // A record without it (written before it was kept) asks the policy.
        assert_eq!(stored.surely_fresh(&HeaderMap::new(), now, true), None);
    }

    #[test]
    fn another_host_or_variant_asks_the_policy() {
        let mut stored = stored();
        stored
            .headers
            .insert("vary", HeaderValue::from_static("Accept-Encoding"));
        let (request, ()) = http::Request::get(&stored.uri)
            .body(())
            .expect("a request")
            .into_parts();
        let options = CacheOptions::default();
        let stored = stored.with_freshness(&request, options);
        let now = stored.stored_time();
        let mut asked = HeaderMap::new();
        asked.insert("accept-encoding", HeaderValue::from_static("gzip"));
        assert!(stored.surely_fresh(&asked, now, true).is_some());
        asked.insert("accept-encoding", HeaderValue::from_static("br"));
        assert!(stored.surely_fresh(&asked, now, true).is_none());
        asked.insert("accept-encoding", HeaderValue::from_static("gzip"));
        asked.insert("host", HeaderValue::from_static("other.example"));
        assert!(stored.surely_fresh(&asked, now, true).is_none());
    }

    #[test]
    fn only_the_headers_the_policy_needs_are_kept_of_the_request() {
        let mut request = HeaderMap::new();
        request.insert("host", HeaderValue::from_static("origin.example.com"));
        request.insert("accept-encoding", HeaderValue::from_static("br"));
        request.insert("cookie", HeaderValue::from_static("secret"));
        let kept = StoredResponse::keep_request_headers(&request, &["accept-encoding".to_owned()]);
        assert_eq!(kept.len(), 2);
        assert!(kept.get("cookie").is_none());
    }
}
