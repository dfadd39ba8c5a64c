//! Caching at the edge, over the standard `wasi:keyvalue` interfaces
//! (feature `cache`).
//!
//! Every request runs in a fresh instance, so a cache must live outside
//! it: in a key-value store, which `edge serve`, `TestApp`, `wasmtime
//! serve -S keyvalue`, Spin and wasmCloud all grant. Both caches open the
//! host's default store, the empty identifier `""` (what `wasmtime serve
//! -S keyvalue` provides, and what edge's hosts call `default`), on first
//! use, and share it with the app's own data under keys that start with
//! `ec/`.
//!
//! - [`HttpCache`] (and [`fetch`]): an HTTP cache in front of
//!   [`edge::fetch`](crate::fetch()) that follows RFC 9111 through the
//!   `http-cache-semantics` crate: freshness from `Cache-Control`,
//!   `Expires` and `Age`; `no-store`, `private`, `no-cache`; `Vary`;
//!   revalidation with `ETag` and `Last-Modified` (a 304 refreshes the
//!   stored entry); `stale-if-error` and `stale-while-revalidate`
//!   (RFC 5861); surrogate keys and purges.
//! - [`simple`]: values the app computes, get-or-insert with a time to
//!   live.
//!
//! ```no_run
//! use edge::{Body, http};
//!
//! let req = http::Request::get("https://api.example.com/menu").body(Body::empty())?;
//! let res = edge::cache::fetch(req)?; // like edge::fetch, through the cache
//! assert!(["HIT", "MISS", "STALE", "REVALIDATED"].contains(&res.headers()["x-cache"].to_str()?));
//! # Ok::<(), edge::Error>(())
//! ```
//!
//! # What a response says
//!
//! `x-cache` is `HIT` (fresh from the store, the origin not asked), `MISS`
//! (the origin answered), `STALE` (a stale copy, the origin having failed
//! where the origin allowed it) or `REVALIDATED` (a stale copy the origin
//! confirmed with 304). A stored response comes with its `Age`.
//! `Cache-Status` (RFC 9211) says the same in the standard form, after
//! what caches nearer the origin said: `edge; hit; ttl=50` (seconds of
//! freshness left), `edge; fwd=uri-miss; fwd-status=200; stored` (nothing
//! stored for the URL; the origin answered 200 and the answer is being
//! stored), `fwd=vary-miss` (stored, but not this variant), `fwd=stale`
//! (revalidated, or served stale with the origin's failure in
//! `fwd-status` and a negative `ttl`), `fwd=method` (a method the cache
//! does not answer), `fwd=bypass` (the store would not open),
//! `detail=only-if-cached` (a 504: nothing stored answers). The
//! `Surrogate-Key` and `Surrogate-Control` headers are for the cache and
//! are not passed on.
//!
//! # `stale-while-revalidate` in a per-request instance
//!
//! A CDN serves the stale copy at once and revalidates in the background.
//! An instance here lives for one request and the SDK has no background
//! tasks, so there is no "after": the revalidation must happen inline.
//! Inside the window, the cache revalidates with a short first-byte
//! timeout ([`HttpCache::revalidate_timeout`], 250 ms by default): a 304
//! or a new response is used as usual, and if the origin fails or is slower
//! than that, the stale copy is served (`STALE`). So the directive bounds
//! how long a slow origin can hold a client up, and keeps entries as fresh
//! as the origin can make them; it does not make every stale hit
//! instant. Outside the window, a stale entry is revalidated with the
//! request's own timeouts, and served stale only under `stale-if-error`
//! (from the response or the request). `must-revalidate`, `no-cache` and
//! (shared caches) `proxy-revalidate` forbid serving stale at all.
//!
//! # Bodies
//!
//! A body is stored while it streams to the client, never held whole:
//! bodies up to 16 KiB sit in the entry's head (a hit is one read), longer
//! ones in chunks of 256 KiB, far below any host's limit on a value
//! (edge's is 1 MiB). A response longer than [`HttpCache::max_body`]
//! (8 MiB) is not stored: with a `Content-Length` it streams through
//! untouched; without one it is copied until it passes the cap, then the
//! copy is dropped and the body goes on streaming.
//!
//! # Never half-visible
//!
//! Each write has a version unique across all instances (the write counter
//! `ec/seq`, incremented atomically). The chunks go first, under keys that
//! name the version; the head, which names the version and the chunk
//! count, goes last, in one `set`. A reader sees the old head or the new
//! one, never a head whose chunks are not all written. A reader checks
//! that the first chunk is there before it answers; if a later chunk went
//! meanwhile (evicted mid-send), the response is cut, so the client sees
//! it is incomplete rather than a short body. A write that does not
//! finish deletes its chunks.
//!
//! # A bounded store
//!
//! Two rings of fixed size bound the store. The head ring has one slot per
//! entry ([`HttpCache::max_entries`], 2048 by default); the chunk ring one
//! per 256 KiB chunk ([`HttpCache::max_chunk_bytes`], 64 MiB by default).
//! Each write takes the next slot of a ring, by an atomic counter, and
//! evicts what held it, with its entry: the oldest goes first (FIFO). So
//! the cache never holds more than `max_entries` entries (each head at most
//! 16 KiB of body plus its headers) and `max_chunk_bytes` of chunks: about
//! 100 MiB with the defaults, within the 256 MiB `edge serve` allows a
//! store. The bookkeeping is a few keys per slot.
//!
//! Expired entries go three ways: lazily, when a read finds an entry past
//! its retention and deletes it; by a bounded sweep, as each write checks
//! the one slot opposite in the head ring and removes that entry if it is
//! past its retention (or was replaced); and at the latest when the ring
//! comes round. An entry is retained for its freshness lifetime, plus its
//! `stale-while-revalidate`/`stale-if-error` windows, plus (if it has a
//! validator) [`HttpCache::stale_retention`] for revalidation.
//!
//! # Purges
//!
//! [`HttpCache::purge`] removes one URL's entries. An entry is tagged by
//! the origin's `Surrogate-Key` header (space-separated) and by the app's
//! [`Tags`] request extension; [`HttpCache::purge_tag`] increments the
//! tag's generation, and every entry stored under an older one reads as
//! absent from then on: one atomic operation whatever the number of
//! entries, with no index to keep consistent. Each purge also moves a
//! store-wide purge epoch, read in the same call as an entry's head: while
//! it has not moved since the entry was stored, the entry's tags need no
//! checking, so a hit is one read of the store. A successful `POST`, `PUT`,
//! `PATCH` or `DELETE` through the cache removes its URL's entries (RFC
//! 9111 §4.4).
//!
//! # What a hit costs
//!
//! Opening the store, then one `get-many` (the entry's head with its body
//! up to 16 KiB, and the purge epoch); two for a response that varies
//! (the Vary marker, then the variant). Larger bodies add one read per
//! 256 KiB chunk as they are sent. A miss that is stored adds about eight
//! calls: the write counter, the ring slot (with what it evicts and
//! sweeps), the chunks, the head.

// The cache in layers; each imports only the layers below it:
// 1. `encoding`: keys and encoding (hash, key names, codec, record formats);
// 2. `storage`: store calls only, the thin wrapper over `crate::kv`;
// 3. `entries`: the rings, the writer, the reads of an entry;
// 4. `streaming`: an origin's body filling an entry, and every body the
//    cache hands out behind one `Read`;
// 5. `http` (the HTTP cache) and `simple` (the get-or-insert cache), with
//    the public error both return, and this file on top.
mod encoding;
mod entries;
mod error;
mod http;
pub mod simple;
mod storage;
mod streaming;

// `self::`: the module `http` shares its name with the `http` crate.
pub use self::encoding::hash::hash;
pub use self::error::CacheError;
pub use self::http::http_cache::HttpCache;
pub use self::http::status::{CACHE_HEADER, CacheStatus};
pub use self::http::tags::Tags;

use crate::fetch::FetchError;
use crate::{Request, Response};

/// Sends `request` through an [`HttpCache`] with the defaults, in the
/// host's default store: [`edge::fetch`](crate::fetch()), cached.
pub fn fetch(request: Request) -> Result<Response, FetchError> {
    HttpCache::new().fetch(request)
}

/// Removes what the default cache holds for `url`: see [`HttpCache::purge`].
pub fn purge(url: &str) -> Result<(), CacheError> {
    HttpCache::new().purge(url)
}

/// Removes every entry of the default cache tagged `tag`: see
/// [`HttpCache::purge_tag`].
pub fn purge_tag(tag: &str) -> Result<(), CacheError> {
    HttpCache::new().purge_tag(tag)
}
