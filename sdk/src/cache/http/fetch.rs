//! [`HttpCache::fetch`]: the request path. A fresh stored response
//! answers at once (a client's conditional request with a 304 when its
//! copy is current, a byte range with a 206); a stale one is revalidated; anything else goes to the
//! origin; any method but `GET` and `HEAD` passes through.
//!
//! Layer 5 (the HTTP cache): the top of the layer; imports the cache's
//! settings, the status, the lookup, serving, the miss, revalidation,
//! other variants, purges, and layers 1 and 2.

use std::time::SystemTime;

use http::header::DATE;
use http::{Method, StatusCode};
use http_cache_semantics::BeforeRequest;

use super::collapse::{self, Role};
use super::conditional::{not_modified, not_modified_response};
use super::directives;
use super::forwarding::keep_forwarded;
use super::freshness::Fresh;
use super::http_cache::HttpCache;
use super::lookup::{Found, Lookup, lookup};
use super::miss::Miss;
use super::other_variants;
use super::policy_headers;
use super::purge::{invalidate, same_origin_targets};
use super::ranges::{Ranged, ranged, serve_range};
use super::revalidate::revalidate;
use super::serve::{serve, with_date};
use super::status::{CacheStatus, Detail, Forward, mark, own_answer};
use crate::cache::encoding::keys;
use crate::cache::encoding::time::to_ms;
use crate::cache::storage::log::log_store_error;
use crate::cache::storage::store::CacheStore;
use crate::fetch::FetchError;
use crate::{Body, Request, Response};

impl HttpCache {
    /// Sends `request` through the cache: a fresh stored response answers
    /// at once; a stale one is revalidated; anything else goes to the
    /// origin, and its answer is stored while it streams back when RFC 9111
    /// allows. Every response says how in `x-cache` and in its
    /// [`CacheStatus`] extension.
    ///
    /// Only `GET` and `HEAD` are cached, and they carry to the origin only
    /// the request headers the cache key covers (see the
    /// [module docs](crate::cache), [`HttpCache::key_header`] and
    /// [`HttpCache::forward_header`]). Any other method goes to the origin
    /// with all its headers, and one the origin accepts (a 2xx or 3xx
    /// answer to `POST`, `PUT`, `DELETE`...) removes what is stored for
    /// its URL. If the store cannot be used, every request goes to the
    /// origin (said on stderr).
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
        let (mut parts, body) = request.into_parts();
        keep_forwarded(&mut parts.headers, &self.keyed, &self.vouched);
        let Some(store) = self.store.get() else {
            return crate::fetch(Request::from_parts(parts, body)).map(|res| {
                let detail = Detail {
                    forward: Some(Forward::Bypass),
                    forward_status: Some(res.status().as_u16()),
                    ..Detail::default()
                };
                mark(res, CacheStatus::Miss, detail)
            });
        };
        let head = parts.method == Method::HEAD;
        let res = self.answer(store, parts, body, Collapse::May)?;
        Ok(if head { without_body(res) } else { res })
    }

    /// A `GET` or `HEAD` answered through the store: from it, by
    /// revalidation, or by the origin; a miss that may collapse with others
    /// for the same key asks the origin only if elected, else waits for
    /// the entry the leader stores. A `HEAD` looks up the stored `GET`.
    fn answer(
        &self,
        store: &CacheStore,
        parts: http::request::Parts,
        body: Body,
        collapse: Collapse,
    ) -> Result<Response, FetchError> {
        let now = SystemTime::now();
        let primary = keys::primary(&Method::GET, &parts.uri);
        let Lookup { marker, found } =
            lookup(store, &parts, &primary, to_ms(now)).unwrap_or_else(|e| {
                log_store_error("reading the cache", &e);
                Lookup::default()
            });
        let forward = match (&marker, &found) {
            (Some(_), None) => Forward::VaryMiss,
            _ => Forward::UriMiss,
        };
        let mut miss = Miss {
            cache: self,
            store,
            primary,
            marker,
            generations: None,
            forward,
            lease: None,
        };
        if let Some(found) = found {
            // Most hits: fresh by what the policy said on arrival.
            if let Some(fresh) = found.stored.surely_fresh(&parts.headers, now, self.shared)
                && let Some(res) = self.serve_fresh(store, &found, &parts, fresh, collapse)
            {
                return Ok(res);
            }
            let policy = found.stored.policy(&parts, self.options());
            match policy.before_request(&policy_headers::request_parts(&parts), now) {
                BeforeRequest::Fresh(_) => {
                    let fresh = Fresh {
                        age: policy.age(now),
                        ttl: policy.time_to_live(now),
                    };
                    if let Some(res) = self.serve_fresh(store, &found, &parts, fresh, collapse) {
                        return Ok(res);
                    }
                }
                BeforeRequest::Stale {
                    request,
                    matches: true,
                } if !only_if_cached(&parts) => {
                    return revalidate(miss, parts, found, &policy, request, now);
                }
                BeforeRequest::Stale { .. } => miss.forward = Forward::Stale,
            }
        }
        if only_if_cached(&parts) {
            let detail = Detail {
                note: Some("only-if-cached"),
                ..Detail::default()
            };
            let message = "nothing stored answers this request (only-if-cached)".to_owned();
            return Ok(own_answer(StatusCode::GATEWAY_TIMEOUT, message, detail));
        }
        if collapse == Collapse::May && miss.forward != Forward::Stale && collapsible(&parts) {
            match collapse::elect(store, &miss.primary, to_ms(now)) {
                Ok(Role::Leader(lease)) => miss.lease = Some(lease),
                Ok(Role::Follower(key)) => {
                    let primary = &miss.primary;
                    let stored = || {
                        let now = to_ms(SystemTime::now());
                        lookup(store, &parts, primary, now).is_ok_and(|l| l.found.is_some())
                    };
                    match collapse::wait(store, &key, stored) {
                        Ok(true) => return self.answer(store, parts, body, Collapse::Followed),
                        Ok(false) => {}
                        Err(e) => log_store_error("waiting for another request's answer", &e),
                    }
                }
                Err(e) => log_store_error("electing the request that asks the origin", &e),
            }
        }
        // A variant not stored, while others are: one may do.
        if let Some(offer) = other_variants::offer(&miss, &parts) {
            return other_variants::ask(miss, parts, body, offer);
        }
        miss.fetch(parts, body)
    }

    /// A fresh stored response for `request`: a 304 if the client's copy
    /// is current, a range if it asked for one, else the whole; `None` if
    /// its body is gone.
    fn serve_fresh(
        &self,
        store: &CacheStore,
        found: &Found,
        request: &http::request::Parts,
        fresh: Fresh,
        collapse: Collapse,
    ) -> Option<Response> {
        let stored = &found.stored;
        let (mut parts, ()) = http::Response::new(()).into_parts();
        parts.status = stored.status;
        parts.headers = stored.served_headers(fresh.age);
        let parts = with_date(parts, stored.headers.get(DATE));
        let detail = Detail {
            ttl: Some(i64::try_from(fresh.ttl.as_secs()).unwrap_or(i64::MAX)),
            collapsed: collapse == Collapse::Followed,
            ..Detail::default()
        };
        if not_modified(&request.headers, &stored.headers, stored.stored_time()) {
            return Some(not_modified_response(&parts, detail));
        }
        let range = if parts.status == StatusCode::OK {
            let len = found.entry.body_len;
            ranged(&request.method, &request.headers, &stored.headers, len)
        } else {
            Ranged::Whole
        };
        match range {
            Ranged::Whole => serve(store, &found.entry, parts, CacheStatus::Hit, detail),
            range => serve_range(store, &found.entry, parts, range, detail),
        }
    }

    /// Any method but `GET` and `HEAD`: to the origin, uncached.
    fn pass(&self, request: Request) -> Result<Response, FetchError> {
        let invalidates = !request.method().is_safe();
        let uri = request.uri().clone();
        let res = crate::fetch(request)?;
        if invalidates
            && (res.status().is_success() || res.status().is_redirection())
            && let Some(store) = self.store.get()
        {
            let named = same_origin_targets(&uri, res.headers());
            for target in std::iter::once(&uri).chain(&named) {
                if let Err(e) = invalidate(store, target) {
                    log_store_error("invalidating after an unsafe method", &e);
                }
            }
        }
        let detail = Detail {
            forward: Some(Forward::Method),
            forward_status: Some(res.status().as_u16()),
            ..Detail::default()
        };
        Ok(mark(res, CacheStatus::Miss, detail))
    }
}

/// Whether a miss may wait for another: a `GET`, whose answer is stored
/// for everyone, and without credentials, whose answers seldom are (their
/// followers would wait only to ask the origin themselves).
fn collapsible(request: &http::request::Parts) -> bool {
    request.method == Method::GET
        && !request.headers.contains_key(http::header::AUTHORIZATION)
        && !request.headers.contains_key(http::header::COOKIE)
}

/// `res` without its body: a `HEAD` answered from a stored `GET` keeps
/// the `GET`'s header fields, `Content-Length` among them (RFC 9110 §9.3.2).
fn without_body(res: Response) -> Response {
    let (parts, _) = res.into_parts();
    Response::from_parts(parts, Body::empty())
}

/// Whether a miss may collapse with others for the same key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Collapse {
    /// It may: it is elected leader or follower.
    May,
    /// It followed another and looks again: served from the store, or sent
    /// to the origin, never made to wait twice.
    Followed,
}

/// Whether the client asked for a stored response or nothing
/// (`only-if-cached`, RFC 9111 §5.2.1.7).
fn only_if_cached(request: &http::request::Parts) -> bool {
    directives::present(&request.headers, "only-if-cached")
}
