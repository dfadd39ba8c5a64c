//! [`HttpCache`]: an RFC 9111 HTTP cache in front of [`edge::fetch`](crate::fetch()).

use std::time::{Duration, SystemTime};

use http::header::{CONTENT_LENGTH, DATE, ETAG, LAST_MODIFIED};
use http::request::Parts as RequestHead;
use http::response::Parts as ResponseHead;
use http::{HeaderMap, HeaderValue, Method, Uri};
use http_cache_semantics::{BeforeRequest, CacheOptions, CachePolicy};

use super::CacheError;
use super::directives;
use super::keys;
use super::miss::Miss;
use super::record::{Head, Marker, Object};
use super::status::{CACHE_HEADER, CacheStatus};
use super::store::{CacheStore, Capacity, StoreCell, log_store_error, to_ms};
use super::stored::StoredHead;
use crate::fetch::FetchError;
use crate::kv::KvError;
use crate::{Request, Response};

/// An HTTP cache in front of [`edge::fetch`](crate::fetch()), kept in a
/// `wasi:keyvalue` store, following RFC 9111 through the
/// `http-cache-semantics` crate. See the [module docs](super) for what it
/// stores, for how long, and how the store stays bounded.
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
    store: StoreCell,
    pub(super) max_body: u64,
    stale_retention: Duration,
    pub(super) revalidate_timeout: Duration,
    pub(super) shared: bool,
}

/// What a lookup found: the Vary marker at the request's key, if any, and
/// the entry that answers it, if any.
#[derive(Default)]
struct Lookup {
    marker: Option<Marker>,
    found: Option<Found>,
}

pub(super) struct Found {
    pub(super) key: String,
    pub(super) object: Object,
    pub(super) head: StoredHead,
}

impl Default for HttpCache {
    fn default() -> Self {
        Self::new()
    }
}

impl HttpCache {
    /// A shared cache (as a CDN or a reverse proxy is) in the host's
    /// default key-value store: up to 2048 entries and 64 MiB of chunked
    /// bodies, bodies up to 8 MiB each, stale entries with a validator kept
    /// a day for revalidation, `stale-while-revalidate` revalidations given
    /// 250 ms.
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

    /// How long an expired entry with a validator (`ETag` or
    /// `Last-Modified`) is kept so that it can be revalidated with a
    /// conditional request (default one day).
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

    /// Sends `request` through the cache: a fresh stored response answers
    /// at once; a stale one is revalidated; anything else goes to the
    /// origin, and its answer is stored while it streams back when RFC 9111
    /// allows. Every response says how in `x-cache` and in its
    /// [`CacheStatus`] extension.
    ///
    /// Only `GET` and `HEAD` are cached; any other method goes to the
    /// origin, and a successful unsafe one (`POST`, `PUT`, `DELETE`...)
    /// removes what is stored for its URL. If the store cannot be used,
    /// every request goes to the origin (said on stderr).
    ///
    /// Natively (a unit test) there is no host: like
    /// [`edge::fetch`](crate::fetch()), it fails with
    /// [`FetchErrorKind::NoHost`](crate::fetch::FetchErrorKind::NoHost).
    ///
    /// ```
    /// use edge::fetch::FetchErrorKind;
    ///
    /// let req = edge::http::Request::get("https://api.example.com/").body(edge::Body::empty())?;
    /// let err = edge::cache::HttpCache::new().fetch(req).unwrap_err();
    /// assert_eq!(err.kind(), FetchErrorKind::NoHost);
    /// # Ok::<(), edge::http::Error>(())
    /// ```
    pub fn fetch(&self, request: Request) -> Result<Response, FetchError> {
        if !matches!(*request.method(), Method::GET | Method::HEAD) {
            return self.pass(request);
        }
        let Some(store) = self.store.get() else {
            return crate::fetch(request).map(|res| mark(res, CacheStatus::Miss));
        };
        let now = SystemTime::now();
        let (parts, body) = request.into_parts();
        let primary = primary_key(&parts.method, &parts.uri);
        let Lookup { marker, found } = self
            .lookup(store, &parts, &primary, to_ms(now))
            .unwrap_or_else(|e| {
                log_store_error("reading the cache", &e);
                Lookup::default()
            });
        let this = Miss {
            cache: self,
            store,
            primary,
            marker,
            tags: None,
        };
        if let Some(found) = found {
            let policy = found.head.policy(&parts, self.options());
            match policy.before_request(&parts, now) {
                BeforeRequest::Fresh(head) => {
                    let head = with_date(head, found.head.response.get(DATE));
                    if let Some(res) = self.serve(store, &found.object, head, CacheStatus::Hit) {
                        return Ok(res);
                    }
                }
                BeforeRequest::Stale {
                    request,
                    matches: true,
                } => return this.revalidate(parts, found, &policy, request, now),
                BeforeRequest::Stale { .. } => {}
            }
        }
        this.fetch(parts, body)
    }

    /// Removes what is stored for `url` (`GET` and `HEAD`, every variant).
    ///
    /// ```no_run
    /// edge::cache::HttpCache::new().purge("https://api.example.com/menu")?;
    /// # Ok::<(), edge::cache::CacheError>(())
    /// ```
    pub fn purge(&self, url: &str) -> Result<(), CacheError> {
        let uri: Uri = url
            .parse()
            .map_err(|_| CacheError::InvalidUrl(url.to_owned()))?;
        invalidate(&self.store.require()?, &uri)?;
        Ok(())
    }

    /// Removes every entry tagged `tag`, by the origin's `Surrogate-Key`
    /// header or by the app's [`Tags`](super::Tags): one atomic increment, whatever the
    /// number of entries (they read as absent from then on, and their
    /// space is reclaimed as the ring comes round).
    ///
    /// ```no_run
    /// edge::cache::HttpCache::new().purge_tag("menu")?;
    /// # Ok::<(), edge::cache::CacheError>(())
    /// ```
    pub fn purge_tag(&self, tag: &str) -> Result<(), CacheError> {
        self.store.require()?.purge_tag(tag)?;
        Ok(())
    }

    /// Any method but `GET` and `HEAD`: to the origin, uncached.
    fn pass(&self, request: Request) -> Result<Response, FetchError> {
        let invalidates = !request.method().is_safe();
        let uri = request.uri().clone();
        let res = crate::fetch(request)?;
        if invalidates
            && (res.status().is_success() || res.status().is_redirection())
            && let Some(store) = self.store.get()
            && let Err(e) = invalidate(store, &uri)
        {
            log_store_error("invalidating after an unsafe method", &e);
        }
        Ok(mark(res, CacheStatus::Miss))
    }

    fn lookup(
        &self,
        store: &CacheStore,
        request: &RequestHead,
        primary: &str,
        now_ms: u64,
    ) -> Result<Lookup, KvError> {
        let (head, epoch) = store.head_and_epoch(primary)?;
        let (key, marker, head) = match head {
            None => return Ok(Lookup::default()),
            Some(Head::Marker(marker)) => {
                let key = variant_key(primary, &marker, &request.headers);
                let head = store.head(&key)?;
                (key, Some(marker), head)
            }
            head => (primary.to_owned(), None, head),
        };
        let Some(Head::Object(object)) = head else {
            return Ok(Lookup {
                marker,
                found: None,
            });
        };
        let found = store
            .live(&key, object, now_ms, &epoch)?
            .and_then(|object| {
                let head = StoredHead::decode(&object.meta)?;
                // The key is a hash: the entry must be for this very request.
                head.answers(request).then_some(Found { key, object, head })
            });
        Ok(Lookup { marker, found })
    }

    /// A stored entry's body under `head`, or `None` if its body is gone.
    pub(super) fn serve(
        &self,
        store: &CacheStore,
        object: &Object,
        head: ResponseHead,
        status: CacheStatus,
    ) -> Option<Response> {
        let body = match store.body(object) {
            Ok(Some(body)) => body,
            Ok(None) => return None,
            Err(e) => {
                log_store_error("reading a stored body", &e);
                return None;
            }
        };
        let mut res = Response::from_parts(head, body);
        if object.chunks > 0 && !res.headers().contains_key(CONTENT_LENGTH) {
            res.headers_mut()
                .insert(CONTENT_LENGTH, HeaderValue::from(object.body_len));
        }
        Some(mark(res, status))
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
        if headers.contains_key(ETAG) || headers.contains_key(LAST_MODIFIED) {
            extra = extra.max(self.stale_retention);
        }
        let keep = ttl + extra;
        (!keep.is_zero()).then(|| to_ms(arrived + keep))
    }
}

/// The head key of a request: its method and URL.
fn primary_key(method: &Method, uri: &Uri) -> String {
    keys::head(
        "http",
        &[method.as_str().as_bytes(), uri.to_string().as_bytes()],
    )
}

/// The head key of one variant of a response that varies: the primary
/// key, the marker's id and the request's values of the marker's headers.
pub(super) fn variant_key(primary: &str, marker: &Marker, request: &HeaderMap) -> String {
    let id = marker.id.to_le_bytes();
    let values: Vec<Vec<u8>> = marker
        .names
        .iter()
        .map(|name| {
            let all: Vec<&[u8]> = request
                .get_all(name.as_str())
                .iter()
                .map(HeaderValue::as_bytes)
                .collect();
            all.join(&b","[..])
        })
        .collect();
    let mut parts: Vec<&[u8]> = vec![primary.as_bytes(), &id];
    for (name, value) in marker.names.iter().zip(&values) {
        parts.push(name.as_bytes());
        parts.push(value);
    }
    keys::head("vary", &parts)
}

/// Removes what is stored for `uri`, `GET` and `HEAD` (a Vary marker with
/// it, which makes its variants unreachable).
fn invalidate(store: &CacheStore, uri: &Uri) -> Result<(), KvError> {
    let get = primary_key(&Method::GET, uri);
    let head = primary_key(&Method::HEAD, uri);
    store.kv().delete_many(&[&get, &head])
}

/// A request's head without its extensions, to build the policy from
/// once the request itself has gone to the origin.
pub(super) fn request_head(parts: &RequestHead) -> RequestHead {
    let (mut head, ()) = http::Request::new(()).into_parts();
    head.method = parts.method.clone();
    head.uri = parts.uri.clone();
    head.headers = parts.headers.clone();
    head
}

pub(super) fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers.get(CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
}

/// `head` with the origin's `Date`: the time the origin made the
/// response (its age is in `Age`), not the time it is served.
pub(super) fn with_date(mut head: ResponseHead, date: Option<&HeaderValue>) -> ResponseHead {
    match date {
        Some(date) => head.headers.insert(DATE, date.clone()),
        None => head.headers.remove(DATE),
    };
    head
}

/// Says how the cache answered, and drops the surrogate headers meant for
/// the cache alone.
pub(super) fn mark(mut res: Response, status: CacheStatus) -> Response {
    let headers = res.headers_mut();
    headers.remove("surrogate-key");
    headers.remove("surrogate-control");
    headers.insert(CACHE_HEADER, HeaderValue::from_static(status.as_str()));
    res.extensions_mut().insert(status);
    res
}
