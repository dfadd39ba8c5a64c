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
//! `collapsed` (answered from what a concurrent miss for the same key
//! stored: see below),
//! `detail=only-if-cached` (a 504: nothing stored answers). The
//! `Surrogate-Key` and `Surrogate-Control` headers are for the cache and
//! are not passed on.
//!
//! # What reaches the origin
//!
//! A stored response is served to every request with the same key: the
//! method, the URL and the values of the headers the response varies on.
//! A request header that reaches the origin outside that key could shape
//! what everyone is served (an `X-Forwarded-Host: evil.example` reflected
//! into a page is cache poisoning). So a `GET` or `HEAD` through
//! [`HttpCache`] carries to the origin only `Accept`, `Accept-Charset`,
//! `Accept-Encoding` and `Accept-Language` (which an origin that uses
//! them names in `Vary`), `Cache-Control`, `Pragma`, the conditionals
//! (`If-None-Match`, `If-Modified-Since`, `If-Match`,
//! `If-Unmodified-Since`, `If-Range`) and `Range` (whose answers are never
//! stored as the full response), `Authorization` and `Cookie` (answers to
//! them are stored only when the origin says they are for everyone:
//! `public`, `s-maxage`, a `CDN-Cache-Control`, `must-revalidate` for
//! `Authorization`, or `Vary: Cookie`), and the headers the app names:
//! [`HttpCache::key_header`] forwards a header and makes its value part of
//! the key; [`HttpCache::forward_header`] forwards one the app vouches
//! shapes nothing. Every other header stays at the cache. Other methods
//! carry all their headers: nothing is stored from them.
//!
//! # Request collapsing
//!
//! Concurrent misses for one key ask the origin once. The first is
//! elected by an atomic `increment` of a lease key in the store (fresh
//! instances share nothing else); the others look for its entry every
//! 20 ms and are answered from it (`Cache-Status: edge; hit; collapsed;
//! ttl=600`). The lease goes when the answer is stored, or at once when
//! it may not be (then each waiting request asks the origin itself); a
//! leader that died holds it at most its period (10 s), and no request
//! waits longer than that or its own deadline. Only a `GET` without
//! `Authorization` or `Cookie` collapses. Two misses on either side of a
//! lease period's boundary may both ask.
//!
//! # `HEAD`
//!
//! A `HEAD` is answered from the stored response to `GET` (its header
//! fields, no body; RFC 9110 §9.3.2). A `200` the origin gives a `HEAD`
//! the cache sent updates that stored response when its `ETag`,
//! `Last-Modified` and `Content-Length` are the stored ones, and removes
//! it when they differ (RFC 9111 §4.3.5); the `HEAD`'s own answer is
//! never stored.
//!
//! # `stale-while-revalidate` in a per-request instance
//!
//! A CDN serves the stale copy at once and revalidates in the background.
//! An instance here lives for one request, but it lives until its handler
//! is done, and the handler can go on after the response is sent
//! ([`after_response`](crate::after_response)). So inside the window the
//! stale copy answers at once (`STALE`, `Cache-Status: edge; hit;
//! ttl=-5; detail=stale-while-revalidate`), and once the client has it,
//! the same instance revalidates: a 304 refreshes the entry, a new
//! response replaces it, a failure leaves the stale copy (said on stderr);
//! the origin is given [`HttpCache::revalidate_timeout`] (5 s) for its
//! first byte, within the request's deadline. The client never waits for
//! the origin inside the window.
//! Outside the window, a stale entry is revalidated with the
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
//! copy is dropped and the body goes on streaming. The copy of a body
//! without a `Content-Length` is held in the instance's memory (up to
//! `max_body`) until it ends, and only then takes its place in the store,
//! so one that turns out too long evicts nothing.
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
//! the cache never holds more than `max_entries` entries and
//! `max_chunk_bytes` of chunks. Each head carries at most 16 KiB of body
//! and 16 KiB of fields (the response's headers, the request headers it
//! varies on, whose values the client chooses, its URL and tags), at most
//! 1024 tags of at most 1 KiB and 64 Vary names; a response past one of
//! these is served but not stored, said on stderr. So the store stays
//! under about 130 MiB with the defaults (2048 heads of 32 KiB, 64 MiB of
//! chunks), within the 256 MiB `edge serve` allows a store, whatever
//! clients send. The bookkeeping is a few keys per slot.
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
//! checking, so a hit is one read of the store.
//!
//! Besides, as RFC 9111 §4.4 requires, a `POST`, `PUT`, `PATCH` or
//! `DELETE` through the cache that the origin accepts (a 2xx or 3xx
//! answer) removes the entries of its URL and of the same-origin URLs its
//! answer names in `Location` and `Content-Location`. The origin decides:
//! a request it refuses (401, 403, 405, ...) removes nothing. An app that
//! guards purges with a token (as `examples/cache-proxy` does) guards
//! [`HttpCache::purge`] and [`HttpCache::purge_tag`]; an unsafe request
//! invalidates only what its origin says it changed.
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
