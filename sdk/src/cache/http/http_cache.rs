//! [`HttpCache`]: an RFC 9111 HTTP cache in front of
//! [`edge::fetch`](crate::fetch()): the type, its settings, and the rules
//! that follow from them (the policy's options, how long an entry is
//! retained). The request path is in `fetch`, purges in `purge`.
//!
//! Layer 5 (the HTTP cache): imports the directives, and layers 1 and 2.

use std::time::{Duration, SystemTime};

use http::HeaderMap;
use http::header::{ETAG, LAST_MODIFIED};
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
#[derive(Debug)]
pub struct HttpCache {
    pub(super) store: StoreCell,
    pub(super) max_body: u64,
    stale_retention: Duration,
    pub(super) revalidate_timeout: Duration,
    pub(super) shared: bool,
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
    /// `stale-while-revalidate` revalidations given 250 ms.
    pub fn new() -> Self {
        Self {
            store: StoreCell::new(String::new(), Capacity::default()),
            max_body: 8 << 20,
            stale_retention: Duration::from_secs(24 * 3600),
            revalidate_timeout: Duration::from_millis(250),
            shared: true,
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

    /// Inside a response's `stale-while-revalidate` window, the origin is
    /// given this long (default 250 ms) to answer the revalidation before
    /// the stale entry is served instead.
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
