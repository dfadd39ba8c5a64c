//! [`CacheStatus`]: how the cache answered, as the `x-cache` header says,
//! and [`mark`], which says it on a response, in `x-cache` and in
//! `Cache-Status` (RFC 9211) with its [`Detail`].
//!
//! Layer 5 (the HTTP cache): imports nothing of the cache.

use http::{HeaderName, HeaderValue};

use crate::Response;

/// The response header that tells how the cache answered: `x-cache`.
pub const CACHE_HEADER: &str = "x-cache";

/// [`CACHE_HEADER`] as a name (no parsing per response).
const CACHE_HEADER_NAME: HeaderName = HeaderName::from_static(CACHE_HEADER);

/// The standard field (RFC 9211) each cache on the way adds its say to.
const CACHE_STATUS: HeaderName = HeaderName::from_static("cache-status");

/// Fields meant for the cache alone (surrogate keys and controls).
const SURROGATE: [HeaderName; 2] = [
    HeaderName::from_static("surrogate-key"),
    HeaderName::from_static("surrogate-control"),
];

/// This cache's name in `Cache-Status`.
const CACHE_NAME: &str = "edge";

/// Why the origin was asked (RFC 9211 §2.2, `fwd`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Forward {
    /// The cache could not be used (its store would not open).
    Bypass,
    /// A method the cache does not answer.
    Method,
    /// Nothing stored for the URL.
    UriMiss,
    /// Something stored for the URL, but not for this request's variant.
    VaryMiss,
    /// A stored response that was stale.
    Stale,
}

impl Forward {
    fn as_str(self) -> &'static str {
        match self {
            Self::Bypass => "bypass",
            Self::Method => "method",
            Self::UriMiss => "uri-miss",
            Self::VaryMiss => "vary-miss",
            Self::Stale => "stale",
        }
    }
}

/// What `Cache-Status` says besides `hit`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Detail {
    /// Why the origin was asked, if it was.
    pub(crate) forward: Option<Forward>,
    /// The status the origin answered the forwarded request with.
    pub(crate) forward_status: Option<u16>,
    /// The seconds of freshness left (negative: stale for that long).
    pub(crate) ttl: Option<i64>,
    /// Whether the origin's answer is being stored.
    pub(crate) stored: bool,
    /// Answered from what another request's forward stored (RFC 9211's
    /// `collapsed`).
    pub(crate) collapsed: bool,
    /// A word more (`only-if-cached`).
    pub(crate) note: Option<&'static str>,
}

impl Detail {
    /// This cache's member of `Cache-Status`, answering as `status` says.
    fn member(&self, status: CacheStatus) -> String {
        let mut member = CACHE_NAME.to_owned();
        if matches!(status, CacheStatus::Hit | CacheStatus::Stale) {
            member.push_str("; hit");
        }
        let forward = self.forward.or(match status {
            CacheStatus::Revalidated => Some(Forward::Stale),
            CacheStatus::Miss if self.note.is_none() => Some(Forward::UriMiss),
            _ => None,
        });
        if let Some(forward) = forward {
            member.push_str("; fwd=");
            member.push_str(forward.as_str());
        }
        let forward_status = self.forward_status.or(match status {
            CacheStatus::Revalidated => Some(304),
            _ => None,
        });
        if let Some(code) = forward_status {
            member.push_str(&format!("; fwd-status={code}"));
        }
        if self.stored {
            member.push_str("; stored");
        }
        if self.collapsed {
            member.push_str("; collapsed");
        }
        if let Some(ttl) = self.ttl {
            member.push_str(&format!("; ttl={ttl}"));
        }
        if let Some(note) = self.note {
            member.push_str(&format!("; detail={note}"));
        }
        member
    }
}

/// How [`HttpCache::fetch`](crate::cache::HttpCache::fetch) answered. Every
/// response it returns carries it three times: in the `x-cache` header
/// (the [`as_str`](CacheStatus::as_str) form), in `Cache-Status` (RFC 9211,
/// with the details the module docs list) and as a response extension.
///
/// ```
/// use edge::cache::CacheStatus;
///
/// assert_eq!(CacheStatus::Hit.as_str(), "HIT");
/// let res = edge::Response::new(edge::Body::empty());
/// assert_eq!(CacheStatus::of(&res), None); // not from the cache
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CacheStatus {
    /// A fresh stored response; the origin was not asked.
    Hit,
    /// The origin answered, whether or not the answer was then stored.
    Miss,
    /// A stale stored response, served because the origin failed or was
    /// slow and the origin allowed it (`stale-if-error`,
    /// `stale-while-revalidate`).
    Stale,
    /// A stale stored response the origin confirmed with 304 Not Modified:
    /// the stored entry is refreshed and its body served.
    Revalidated,
}

impl CacheStatus {
    /// The `x-cache` header value: `HIT`, `MISS`, `STALE` or `REVALIDATED`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hit => "HIT",
            Self::Miss => "MISS",
            Self::Stale => "STALE",
            Self::Revalidated => "REVALIDATED",
        }
    }

    /// The status of a response the cache returned, if it did.
    pub fn of<B>(response: &http::Response<B>) -> Option<Self> {
        response.extensions().get::<Self>().copied()
    }
}

/// Says how the cache answered, in `x-cache` and in `Cache-Status` after
/// what caches nearer the origin said, and drops the surrogate headers
/// meant for the cache alone.
pub(crate) fn mark(mut res: Response, status: CacheStatus, detail: Detail) -> Response {
    let headers = res.headers_mut();
    for name in SURROGATE {
        headers.remove(name);
    }
    headers.insert(CACHE_HEADER_NAME, HeaderValue::from_static(status.as_str()));
    let ours = detail.member(status);
    let said: Vec<&str> = headers
        .get_all(&CACHE_STATUS)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let all = if said.is_empty() {
        ours
    } else {
        format!("{}, {ours}", said.join(", "))
    };
    if let Ok(value) = HeaderValue::from_str(&all) {
        headers.insert(CACHE_STATUS, value);
    }
    res.extensions_mut().insert(status);
    res
}

/// An answer the cache gives itself, not the origin's: `code` and the
/// text `message`, marked MISS with `detail`.
pub(crate) fn own_answer(code: http::StatusCode, message: String, detail: Detail) -> Response {
    let mut res = Response::new(crate::Body::from(message));
    *res.status_mut() = code;
    mark(res, CacheStatus::Miss, detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(status: CacheStatus, detail: Detail) -> String {
        detail.member(status)
    }

    #[test]
    fn each_answer_has_its_member() {
        let hit = Detail {
            ttl: Some(42),
            ..Detail::default()
        };
        assert_eq!(said(CacheStatus::Hit, hit), "edge; hit; ttl=42");
        let miss = Detail {
            forward: Some(Forward::VaryMiss),
            forward_status: Some(200),
            stored: true,
            ..Detail::default()
        };
        assert_eq!(
            said(CacheStatus::Miss, miss),
            "edge; fwd=vary-miss; fwd-status=200; stored"
        );
        assert_eq!(
            said(CacheStatus::Miss, Detail::default()),
            "edge; fwd=uri-miss"
        );
        assert_eq!(
            said(CacheStatus::Revalidated, Detail::default()),
            "edge; fwd=stale; fwd-status=304"
        );
        let only = Detail {
            note: Some("only-if-cached"),
            ..Detail::default()
        };
        assert_eq!(said(CacheStatus::Miss, only), "edge; detail=only-if-cached");
    }

    #[test]
    fn ours_comes_after_what_caches_nearer_the_origin_said() {
        let mut res = Response::new(crate::Body::empty());
        res.headers_mut()
            .insert(CACHE_STATUS, HeaderValue::from_static("origin-cdn; hit"));
        let res = mark(res, CacheStatus::Hit, Detail::default());
        assert_eq!(res.headers()[CACHE_STATUS], "origin-cdn; hit, edge; hit");
        assert_eq!(res.headers()[CACHE_HEADER], "HIT");
    }
}
