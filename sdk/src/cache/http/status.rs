//! [`CacheStatus`]: how the cache answered, as the `x-cache` header says,
//! and [`mark`], which says it on a response.
//!
//! Layer 5 (the HTTP cache): imports nothing of the cache.

use http::HeaderValue;

use crate::Response;

/// The response header that tells how the cache answered: `x-cache`.
pub const CACHE_HEADER: &str = "x-cache";

/// How [`HttpCache::fetch`](crate::cache::HttpCache::fetch) answered. Every
/// response it returns carries it twice: in the `x-cache` header (the
/// [`as_str`](CacheStatus::as_str) form) and as a response extension.
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

/// Says how the cache answered, and drops the surrogate headers meant for
/// the cache alone.
pub(crate) fn mark(mut res: Response, status: CacheStatus) -> Response {
    let headers = res.headers_mut();
    headers.remove("surrogate-key");
    headers.remove("surrogate-control");
    headers.insert(CACHE_HEADER, HeaderValue::from_static(status.as_str()));
    res.extensions_mut().insert(status);
    res
}
