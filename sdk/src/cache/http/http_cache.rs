//! [`HttpCache`]: an RFC 9111 HTTP cache in front of
//! [`edge::fetch`](crate::fetch()): the type, its settings, and the rules
//! that follow from them (the policy's options, how long an entry is
//! retained). The request path is in `fetch`, purges in `purge`.
//!
//! Layer 5 (the HTTP cache): imports the directives, and layers 1 and 2.

use std::time::{Duration, SystemTime};

use http::header::{ETAG, LAST_MODIFIED};
use http::{HeaderMap, HeaderName};
use http_cache_semantics::{CacheOptions, CachePolicy};

use super::directives;
use crate::cache::encoding::time::to_ms;
use crate::cache::storage::capacity::Capacity;
use crate::cache::storage::cell::StoreCell;

/// An HTTP cache in front of [`edge::fetch`](crate::fetch()), kept in a
/// `wasi:keyvalue` store, following RFC 9111 through the
/// `http-cache-semantics` crate. See the [module docs](crate::cache) for
/// what it stores, for how long, and how the store stays bounded.
///
/// ```no_run
/// use std::time::Duration;
/// use edge::cache::{CacheStatus, HttpCache};
/// use edge::{Body, http};
///
/// let cache = HttpCache::new()
///     .max_body(4 << 20)
///     .revalidate_timeout(Duration::from_millis(100));
/// let req = http::Request::get("https://api.example.com/menu").body(Body::empty())?;
/// let res = cache.fetch(req)?; // needs the host: a component under TestApp or edge serve
/// println!("{}", res.headers()["x-cache"].to_str()?); // HIT, MISS, STALE or REVALIDATED
/// assert!(CacheStatus::of(&res).is_some());
/// # Ok::<(), edge::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct HttpCache {
    pub(super) store: StoreCell,
    pub(super) max_body: u64,
    stale_retention: Duration,
    pub(super) revalidate_timeout: Duration,
    pub(super) shared: bool,
    /// Request headers forwarded and made part of the key.
    pub(super) keyed: Vec<HeaderName>,
    /// Request headers forwarded on the app's word that they shape nothing.
    pub(super) vouched: Vec<HeaderName>,
}

impl Default for HttpCache {
    fn default() -> Self {
        Self::new()
    }
}

impl HttpCache {
    /// A shared cache (as a CDN or a reverse proxy is) in the host's
    /// default key-value store: up to 2048 entries and 64 MiB of chunked
    /// bodies, bodies up to 8 MiB each, expired entries kept a day (for
    /// revalidation, and for clients that accept them stale),
    /// `stale-while-revalidate` revalidations after the response given 5 s
    /// for the origin's first byte.
    pub fn new() -> Self {
        Self {
            store: StoreCell::new(String::new(), Capacity::default()),
            max_body: 8 << 20,
            stale_retention: Duration::from_secs(24 * 3600),
            revalidate_timeout: Duration::from_secs(5),
            shared: true,
            keyed: Vec::new(),
            vouched: Vec::new(),
        }
    }

    /// Keeps the cache in key-value store `name` instead of the default
    /// one (`""`, which every `wasi:keyvalue` host provides).
    pub fn store(mut self, name: impl Into<String>) -> Self {
        self.store.set_name(name.into());
        self
    }

    /// The most entries kept (default 2048): past it, the oldest written
    /// goes first. Each entry's head holds a body up to 16 KiB.
    pub fn max_entries(mut self, entries: u32) -> Self {
        self.store.capacity_mut().entries = u64::from(entries);
        self
    }

    /// The most bytes of longer bodies kept, in chunks of 256 KiB (default
    /// 64 MiB): past it, the oldest chunk goes first, with its entry.
    pub fn max_chunk_bytes(mut self, bytes: u64) -> Self {
        self.store.capacity_mut().chunks = Capacity::chunks_for(bytes);
        self
    }

    /// Responses longer than `bytes` (default 8 MiB) are not stored: one
    /// that says so in `Content-Length` streams through untouched; one
    /// that does not is copied until it passes the cap, then the copy is
    /// dropped and the body goes on streaming.
    pub fn max_body(mut self, bytes: u64) -> Self {
        self.max_body = bytes;
        self
    }

    /// How long an expired entry is kept (default one day): one with a
    /// validator (`ETag` or `Last-Modified`) to be revalidated with a
    /// conditional request; any that the origin lets be served stale (no
    /// `must-revalidate`, `no-cache` or, shared, `proxy-revalidate`) for
    /// clients that ask with `max-stale` or `stale-if-error`. The rings'
    /// bounds (`max_entries`, `max_chunk_bytes`) hold all the same.
    pub fn stale_retention(mut self, keep: Duration) -> Self {
        self.stale_retention = keep;
        self
    }

    /// Inside a response's `stale-while-revalidate` window the stale entry
    /// answers at once, and the revalidation, run after the response is
    /// sent ([`after_response`](crate::after_response)), waits this long
    /// (default 5 s) for the origin's first byte; the request's deadline
    /// bounds it too. A request's own `first_byte` timeout, if shorter,
    /// wins.
    pub fn revalidate_timeout(mut self, wait: Duration) -> Self {
        self.revalidate_timeout = wait;
        self
    }

    /// A private (single-user) cache: responses marked `private` are
    /// stored and `s-maxage` is ignored. Only for data of one user.
    pub fn private(mut self) -> Self {
        self.shared = false;
        self
    }

    /// Forwards the request header `name` to the origin on `GET` and
    /// `HEAD`, and makes its value part of the cache key, as if every
    /// response varied on it: requests with other values (or none) never
    /// share a stored response. For headers the origin uses to shape its
    /// answer without saying so in `Vary` (`X-Forwarded-Host`, a tenant
    /// header, `User-Agent` for device pages).
    ///
    /// By default a cacheable request carries only the headers whose
    /// effect the key already covers (see the [module docs](crate::cache)):
    /// another header could shape a response stored for everyone.
    ///
    /// ```
    /// use edge::cache::HttpCache;
    /// use edge::http::header::USER_AGENT;
    ///
    /// let cache = HttpCache::new().key_header(USER_AGENT);
    /// ```
    pub fn key_header(mut self, name: HeaderName) -> Self {
        if !self.keyed.contains(&name) {
            self.keyed.push(name);
        }
        self
    }

    /// Forwards the request header `name` to the origin on `GET` and
    /// `HEAD` without making it part of the key: the app vouches that the
    /// origin's answer does not depend on it, or that the origin names it
    /// in `Vary` when it does (a trace id such as `traceparent`, a request
    /// id). Anything a vouched header shapes is served to everyone.
    pub fn forward_header(mut self, name: HeaderName) -> Self {
        if !self.vouched.contains(&name) {
            self.vouched.push(name);
        }
        self
    }

    /// The request headers a response with these headers varies on: its
    /// `Vary` names, then the keyed headers.
    pub(super) fn varies_on(&self, response: &HeaderMap) -> Vec<String> {
        let mut vary = directives::vary_names(response);
        for name in &self.keyed {
            if !vary.iter().any(|have| have == name.as_str()) {
                vary.push(name.as_str().to_owned());
            }
        }
        vary
    }

    pub(super) fn options(&self) -> CacheOptions {
        CacheOptions {
            shared: self.shared,
            ..CacheOptions::default()
        }
    }

    /// When an entry stored at `arrived` with this policy may be removed:
    /// its freshness, then as long as it can still serve stale or be
    /// revalidated. `None` if that is never (nothing worth storing).
    pub(super) fn retain_until(
        &self,
        policy: &CachePolicy,
        headers: &HeaderMap,
        arrived: SystemTime,
    ) -> Option<u64> {
        let ttl = policy.time_to_live(arrived);
        let stale_secs = ["stale-while-revalidate", "stale-if-error"]
            .into_iter()
            .filter_map(|d| directives::seconds(headers, d))
            .max()
            .unwrap_or(0);
        let mut extra = Duration::from_secs(stale_secs);
        // Kept for revalidation when it has a validator, and for clients
        // that accept it stale (`max-stale`, `stale-if-error`) unless the
        // origin forbade serving it stale.
        let validated = headers.contains_key(ETAG) || headers.contains_key(LAST_MODIFIED);
        if validated || directives::may_serve_stale(headers, self.shared) {
            extra = extra.max(self.stale_retention);
        }
        let keep = ttl + extra;
        (!keep.is_zero()).then(|| to_ms(arrived + keep))
    }
}
