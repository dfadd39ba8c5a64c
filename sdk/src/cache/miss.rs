//! [`Miss`]: a request the cache sends to the origin — a miss or a
//! revalidation — and the storing of what comes back.

use std::time::SystemTime;

use http::header::{DATE, SET_COOKIE};
use http::request::Parts as RequestHead;
use http::response::Parts as ResponseHead;
use http::{HeaderMap, StatusCode};
use http_cache_semantics::{AfterResponse, CachePolicy};

use super::directives;
use super::fill::Filling;
use super::http_cache::{
    Found, HttpCache, content_length, mark, request_head, variant_key, with_date,
};
use super::record::{Head, Marker, Object};
use super::status::CacheStatus;
use super::store::{CacheStore, Generations, log_store_error, to_ms};
use super::stored::StoredHead;
use super::stream::Stream;
use super::tags::Tags;
use super::writer::{Finish, ObjectWriter};
use crate::fetch::{FetchError, Timeouts};
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
    pub(super) tags: Option<Generations>,
}

impl Miss<'_> {
    /// Reads the generations of the app's [`Tags`] on `request`.
    fn read_tags(&mut self, request: &RequestHead) {
        let tags = request
            .extensions
            .get::<Tags>()
            .map_or(&[][..], Tags::as_slice);
        self.tags = self
            .store
            .generations(tags)
            .map_err(|e| log_store_error("reading tags", &e))
            .ok();
    }

    /// Asks the origin, and stores the answer as it streams back.
    pub(super) fn fetch(mut self, parts: RequestHead, body: Body) -> Result<Response, FetchError> {
        self.read_tags(&parts);
        let head = request_head(&parts);
        let res = crate::fetch(Request::from_parts(parts, body))?;
        Ok(self.store_response(&head, res))
    }

    /// Revalidates a stale entry: a conditional request; 304 refreshes the
    /// entry and serves it; a failure serves it stale where allowed.
    pub(super) fn revalidate(
        mut self,
        original: RequestHead,
        found: Found,
        policy: &CachePolicy,
        conditional: RequestHead,
        now: SystemTime,
    ) -> Result<Response, FetchError> {
        let stored = &found.head;
        let fresh_until = stored.stored_time() + policy.time_to_live(stored.stored_time());
        let staleness = now
            .duration_since(fresh_until)
            .unwrap_or_default()
            .as_secs();
        let may_serve_stale = directives::may_serve_stale(&stored.response, self.cache.shared);
        let within = |secs: Option<u64>| may_serve_stale && secs.is_some_and(|s| staleness <= s);
        let in_swr_window = within(directives::seconds(
            &stored.response,
            "stale-while-revalidate",
        ));
        let if_error = directives::seconds(&stored.response, "stale-if-error")
            .max(directives::seconds(&original.headers, "stale-if-error"));
        let stale_on_error = in_swr_window || within(if_error);

        let mut request = Request::from_parts(conditional, Body::empty());
        *request.extensions_mut() = original.extensions.clone();
        if in_swr_window {
            let mut timeouts = request
                .extensions()
                .get::<Timeouts>()
                .copied()
                .unwrap_or_default();
            let wait = self.cache.revalidate_timeout;
            timeouts.first_byte = Some(timeouts.first_byte.map_or(wait, |t| t.min(wait)));
            request.extensions_mut().insert(timeouts);
        }
        let stale = || {
            let (mut head, ()) = http::Response::new(()).into_parts();
            head.status = stored.status;
            head.headers = stored.stale_headers(policy.age(now));
            self.cache
                .serve(self.store, &found.object, head, CacheStatus::Stale)
        };
        self.read_tags(&original);
        match crate::fetch(request) {
            Ok(res) if res.status() == StatusCode::NOT_MODIFIED => {
                let arrived = SystemTime::now();
                if let AfterResponse::NotModified(refreshed, head) =
                    policy.after_response(&original, &res, arrived)
                {
                    let date = res.headers().get(DATE).or(stored.response.get(DATE));
                    let head = with_date(head, date);
                    self.refresh(&found, &original, &refreshed, &head.headers, arrived);
                    if let Some(res) =
                        self.cache
                            .serve(self.store, &found.object, head, CacheStatus::Revalidated)
                    {
                        return Ok(res);
                    }
                }
                // A 304 for another version, or the body went meanwhile:
                // ask again without conditions.
                self.fetch(original, Body::empty())
            }
            Ok(res) if res.status().is_server_error() && stale_on_error => {
                Ok(stale().unwrap_or(res))
            }
            Ok(res) => Ok(self.store_response(&request_head(&original), res)),
            Err(e) if stale_on_error => stale().ok_or(e),
            Err(e) => Err(e),
        }
    }

    /// Rewrites a revalidated entry's head: the 304's headers, the new
    /// arrival time, the same body.
    fn refresh(
        &self,
        found: &Found,
        request: &RequestHead,
        policy: &CachePolicy,
        headers: &HeaderMap,
        arrived: SystemTime,
    ) {
        let Some(retain_until) = self.cache.retain_until(policy, headers, arrived) else {
            return;
        };
        let vary = directives::vary_names(headers);
        let head = StoredHead {
            request: StoredHead::request_headers(&request.headers, &vary),
            response: headers.clone(),
            stored_at: to_ms(arrived),
            ..found.head.clone()
        };
        let object = Object {
            retain_until,
            meta: head.encode(),
            ..found.object.clone()
        };
        if let Err(e) = self.store.put_head(&found.key, &Head::Object(object)) {
            log_store_error("refreshing a revalidated entry", &e);
        }
    }

    /// The origin's answer, marked MISS, its body copied into the cache as
    /// it streams when it may be stored.
    fn store_response(self, request: &RequestHead, res: Response) -> Response {
        let arrived = SystemTime::now();
        let (parts, body) = res.into_parts();
        let body = match self.begin_store(request, &parts, arrived) {
            Ok(Some((writer, finish))) => {
                Stream::Filling(Box::new(Filling::new(body, writer, finish))).into_body()
            }
            Ok(None) => body,
            Err(e) => {
                log_store_error("storing a response", &e);
                body
            }
        };
        mark(Response::from_parts(parts, body), CacheStatus::Miss)
    }

    /// Starts storing `response` if RFC 9111 and the cache's limits allow.
    fn begin_store(
        self,
        request: &RequestHead,
        response: &ResponseHead,
        arrived: SystemTime,
    ) -> Result<Option<(ObjectWriter, Finish)>, KvError> {
        let Some((mut tags, epoch)) = self.tags else {
            return Ok(None);
        };
        let cache = self.cache;
        let policy = CachePolicy::new_options(request, response, arrived, cache.options());
        let vary = directives::vary_names(&response.headers);
        let length = content_length(&response.headers);
        // A shared cache never hands one client's cookie to another.
        let storable = policy.is_storable()
            && !(cache.shared && response.headers.contains_key(SET_COOKIE))
            && !vary.iter().any(|name| name == "*")
            && length.is_none_or(|len| len <= cache.max_body);
        let retain_until = cache.retain_until(&policy, &response.headers, arrived);
        let (true, Some(retain_until)) = (storable, retain_until) else {
            return Ok(None);
        };

        let mut surrogate = directives::surrogate_keys(&response.headers);
        surrogate.retain(|tag| !tags.iter().any(|(have, _)| have == tag));
        surrogate.dedup();
        if !surrogate.is_empty() {
            tags.extend(self.store.generations(&surrogate)?.0);
        }

        let head = StoredHead {
            method: request.method.as_str().to_owned(),
            uri: request.uri.to_string(),
            status: response.status,
            stored_at: to_ms(arrived),
            request: StoredHead::request_headers(&request.headers, &vary),
            response: response.headers.clone(),
        };
        let reuse = self.marker.filter(|m| !vary.is_empty() && m.names == vary);
        let mut new_marker = None;
        let primary = self.primary;
        let writer = ObjectWriter::begin(
            self.store,
            length.unwrap_or(cache.max_body),
            length.is_some(),
            to_ms(arrived),
            |version| {
                if vary.is_empty() {
                    return (primary.clone(), None);
                }
                let marker = reuse.clone().unwrap_or_else(|| Marker {
                    id: version,
                    names: vary.clone(),
                });
                let key = variant_key(&primary, &marker, &request.headers);
                if reuse.is_some() {
                    return (key, None);
                }
                new_marker = Some((primary.clone(), marker));
                (key, Some((primary.clone(), version)))
            },
        )?;
        Ok(writer.map(|writer| {
            let finish = Finish {
                retain_until,
                tags,
                epoch,
                meta: head.encode(),
                marker: new_marker,
            };
            (writer, finish)
        }))
    }
}
