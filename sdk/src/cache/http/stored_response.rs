//! [`StoredResponse`]: what the HTTP cache keeps of a request and its
//! response besides the body (in its entry's `meta`), and the
//! `http-cache-semantics` policy rebuilt from it.
//!
//! Layer 5 (the HTTP cache): imports layer 1's codec and varied values.

use std::time::{Duration, SystemTime};

use http::header::{AUTHORIZATION, HOST};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use http_cache_semantics::{CacheOptions, CachePolicy};

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
            && self.uri == request.uri.to_string()
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

    /// The headers to serve a stale copy with: the stored ones less
    /// hop-by-hop headers, with its `Age` now. (A fresh copy's come from
    /// the policy.)
    pub(crate) fn stale_headers(&self, age: Duration) -> HeaderMap {
        let mut headers = self.headers.clone();
        for name in HOP_BY_HOP {
            headers.remove(name);
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
        Some(Self {
            method,
            uri,
            status,
            stored_at,
            request_headers,
            headers,
        })
    }
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
    fn a_stale_copy_has_its_age_and_no_connection_headers() {
        let headers = stored().stale_headers(Duration::from_secs(75));
        assert_eq!(headers["age"], "75");
        assert!(headers.get("connection").is_none());
        assert_eq!(headers.get_all("set-thing").iter().count(), 2);
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
