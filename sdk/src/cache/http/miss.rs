//! [`Miss`]: a request the cache sends to the origin — a miss, or the
//! conditional request of a revalidation — and the storing of what comes
//! back, when RFC 9111 and the cache's limits allow.
//!
//! Layer 5 (the HTTP cache): imports the cache's settings, the
//! directives, the status, the stored response, the tags, and layers 1
//! to 4.

use std::time::SystemTime;

use http::header::{CONTENT_LENGTH, ETAG, SET_COOKIE};
use http::{HeaderMap, HeaderValue, Method};

use super::directives;
use super::forwarding::cookie_allows_storing;
use super::head_limits;
use super::head_update::update_from_head;
use super::http_cache::HttpCache;
use super::policy_headers::{self, without_extensions};
use super::status::{CacheStatus, Detail, Forward, mark, own_answer};
use super::stored_response::StoredResponse;
use super::tags::Tags;
use crate::cache::encoding::head::Marker;
use crate::cache::encoding::keys;
use crate::cache::encoding::time::to_ms;
use crate::cache::entries::writer::{EntryWriter, Finish};
use crate::cache::storage::generations::{self, Generations};
use crate::cache::storage::lease::Lease;
use crate::cache::storage::log::log_store_error;
use crate::cache::storage::store::CacheStore;
use crate::cache::streaming::fill::Filling;
use crate::cache::streaming::stream::Stream;
use crate::fetch::FetchError;
use crate::kv::KvError;
use crate::{Body, Request, Response};

/// A request on its way to the origin, and what storing its answer needs.
pub(super) struct Miss<'a> {
    pub(super) cache: &'a HttpCache,
    pub(super) store: &'a CacheStore,
    pub(super) primary: String,
    pub(super) marker: Option<Marker>,
    /// The app's tags with their generations, read just before the origin
    /// is asked (a purge while the request is out then invalidates what it
    /// brings back); `None` if they could not be read (the answer is then
    /// not stored).
    pub(super) generations: Option<Generations>,
    /// Why the origin is asked, as `Cache-Status` says it.
    pub(super) forward: Forward,
    /// The lease of a collapsing leader: the other misses for this key wait
    /// until it goes, with the answer stored or not storable.
    pub(super) lease: Option<Lease>,
}

impl Miss<'_> {
    /// Reads the generations of the app's [`Tags`] on `request`.
    pub(super) fn read_tags(&mut self, request: &http::request::Parts) {
        let tags = request
            .extensions
            .get::<Tags>()
            .map_or(&[][..], Tags::as_slice);
        self.generations = generations::read(self.store, tags)
            .map_err(|e| log_store_error("reading tags", &e))
            .ok();
    }

    /// Asks the origin, and stores the answer as it streams back.
    pub(super) fn fetch(
        mut self,
        parts: http::request::Parts,
        body: Body,
    ) -> Result<Response, FetchError> {
        self.read_tags(&parts);
        let request = without_extensions(&parts);
        let res = crate::fetch(Request::from_parts(parts, body))?;
        if !is_final(res.status()) {
            return Ok(not_final(res.status()));
        }
        Ok(self.store_response(&request, res))
    }

    /// The origin's answer, marked MISS, its body copied into the cache as
    /// it streams when it may be stored; an answer to a `HEAD` updates the
    /// stored `GET` instead (`head_update`).
    pub(super) fn store_response(self, request: &http::request::Parts, res: Response) -> Response {
        let arrived = SystemTime::now();
        let (parts, body) = res.into_parts();
        let mut detail = Detail {
            forward: Some(self.forward),
            forward_status: Some(parts.status.as_u16()),
            ..Detail::default()
        };
        if request.method == Method::HEAD {
            let (cache, store) = (self.cache, self.store);
            update_from_head(cache, store, &self.primary, request, &parts, arrived);
            return mark(Response::from_parts(parts, body), CacheStatus::Miss, detail);
        }
        let body = match self.begin_store(request, &parts, arrived) {
            Ok(Some((writer, finish))) => {
                detail.stored = true;
                Stream::Filling(Box::new(Filling::new(body, writer, finish))).into_body()
            }
            Ok(None) => body,
            Err(e) => {
                log_store_error("storing a response", &e);
                body
            }
        };
        mark(Response::from_parts(parts, body), CacheStatus::Miss, detail)
    }

    /// Starts storing `response` if RFC 9111 and the cache's limits allow.
    fn begin_store(
        self,
        request: &http::request::Parts,
        response: &http::response::Parts,
        arrived: SystemTime,
    ) -> Result<Option<(EntryWriter, Finish)>, KvError> {
        let Some(Generations { mut tags, epoch }) = self.generations else {
            return Ok(None);
        };
        let cache = self.cache;
        let policy = policy_headers::policy(
            without_extensions(request),
            response.status,
            &response.headers,
            arrived,
            cache.options(),
        );
        let vary = cache.varies_on(&response.headers);
        let length = content_length(&response.headers);
        // A shared cache never hands one client's cookie to another, nor
        // an answer shaped by one client's cookie.
        let storable = policy.is_storable()
            && !(cache.shared
                && (response.headers.contains_key(SET_COOKIE)
                    || !cookie_allows_storing(&request.headers, &response.headers, &vary)))
            && !vary.iter().any(|name| name == "*")
            && length.is_none_or(|len| len <= cache.max_body);
        let retain_until = cache.retain_until(&policy, &response.headers, arrived);
        let (true, Some(retain_until)) = (storable, retain_until) else {
            return Ok(None);
        };

        let mut surrogate = directives::surrogate_keys(&response.headers);
        surrogate.retain(|tag| !tags.iter().any(|(have, _)| have == tag));
        surrogate.sort_unstable();
        surrogate.dedup();
        let names = tags
            .iter()
            .map(|(tag, _)| tag.as_str())
            .chain(surrogate.iter().map(String::as_str));
        if let Some(reason) = head_limits::refuse_names(names, &vary) {
            not_stored(request, &reason);
            return Ok(None);
        }
        if !surrogate.is_empty() {
            tags.extend(generations::read(self.store, &surrogate)?.tags);
        }

        let stored = StoredResponse {
            method: request.method.as_str().to_owned(),
            uri: request.uri.to_string(),
            status: response.status,
            stored_at: to_ms(arrived),
            request_headers: StoredResponse::keep_request_headers(&request.headers, &vary),
            headers: response.headers.clone(),
            freshness: None,
        }
        .with_freshness(request, cache.options());
        let meta = stored.encode();
        if let Some(reason) = head_limits::refuse_head(&meta, &tags) {
            not_stored(request, &reason);
            return Ok(None);
        }
        let reuse = self.marker.filter(|m| !vary.is_empty() && m.names == vary);
        let mut new_marker = None;
        let primary = self.primary;
        let writer = EntryWriter::begin(
            self.store,
            length.unwrap_or(cache.max_body),
            length.is_some(),
            to_ms(arrived),
            |_version| {
                if vary.is_empty() {
                    return (primary.clone(), None);
                }
                let marker = reuse.clone().unwrap_or_else(|| Marker {
                    id: keys::marker_id(&vary),
                    names: vary.clone(),
                    validated: Vec::new(),
                });
                let head_key = keys::variant(&primary, &marker, &request.headers);
                // A variant with an entity tag is indexed in the marker,
                // so requests for other variants may offer it.
                let etag = response.headers.get(ETAG).map(HeaderValue::as_bytes);
                let marker = match etag {
                    Some(etag) => marker.indexing(&head_key, etag),
                    None => marker,
                };
                if reuse.is_some() {
                    if etag.is_some() {
                        new_marker = Some((primary.clone(), marker));
                    }
                    return (head_key, None);
                }
                let id = marker.id;
                new_marker = Some((primary.clone(), marker));
                (head_key, Some((primary.clone(), id)))
            },
        )?;
        Ok(writer.map(|writer| {
            let finish = Finish {
                lease: self.lease,
                retain_until,
                tags,
                epoch,
                meta,
                marker: new_marker,
            };
            (writer, finish)
        }))
    }
}

/// Says on stderr that the answer to `request` is not stored, and why.
fn not_stored(request: &http::request::Parts, reason: &str) {
    eprintln!(
        "edge::cache: the answer to {} {} is not stored: {reason}",
        request.method, request.uri
    );
}

/// The `Content-Length` the headers give, if any.
fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers.get(CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
}

/// Whether `status` is one a final HTTP response may have (200 to 599):
/// an origin's 999 or 150 is not, and no host would pass it on.
pub(super) fn is_final(status: http::StatusCode) -> bool {
    (200..=599).contains(&status.as_u16())
}

/// The cache's answer for an origin that answered `status`, not a final
/// HTTP status: 502, marked as a forward that the origin botched.
pub(super) fn not_final(status: http::StatusCode) -> Response {
    let message = format!(
        "the origin answered with status {}, which is not a final HTTP status (200 to 599)",
        status.as_u16()
    );
    eprintln!("edge::cache: {message}; answered 502");
    let detail = Detail {
        forward_status: Some(status.as_u16()),
        ..Detail::default()
    };
    own_answer(http::StatusCode::BAD_GATEWAY, message, detail)
}
