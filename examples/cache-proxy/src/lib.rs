//! A caching reverse proxy at the edge: every request goes to one origin
//! (config `origin`) through [`edge::cache::HttpCache`], which answers
//! from the host's key-value store when RFC 9111 allows and says how in
//! `x-cache` (`HIT`, `MISS`, `STALE`, `REVALIDATED`) and `Cache-Status`
//! (RFC 9211: `edge; hit; ttl=50`, `edge; fwd=uri-miss; fwd-status=200;
//! stored`, ...).
//!
//! Config `cache-max-entries` and `cache-max-chunk-mib` bound the store
//! (defaults: 2048 entries, 64 MiB of chunked bodies). Config
//! `origin-connect-ms`, `origin-first-byte-ms` and `origin-between-bytes-ms`
//! bound each origin request (defaults: 1000, 2000 and 5000; an origin
//! past one is a 504).
//!
//! A `GET` or `HEAD` carries to the origin only the request headers the
//! cache key covers (content negotiation, caching, conditionals, `Range`,
//! credentials: see `edge::cache`), so no client can shape what the next
//! one is served. Config `cache-key-headers` (comma-separated names) adds
//! headers forwarded and made part of the key (`x-forwarded-host`, say);
//! `cache-forward-headers` headers forwarded as they are, on the word that
//! the origin's answer does not depend on them (`traceparent`). Other
//! methods carry every header but `Host` and `Connection`.
//!
//! Purges need `Authorization: Bearer <token>` with the token in config
//! `purge-token` (without it, purging is off):
//!
//! - `PURGE /any/path?query` removes that URL's entries;
//! - `POST /_cache/purge/<tag>` removes every entry the origin tagged
//!   `<tag>` in its `Surrogate-Key` header; the proxy itself tags every
//!   entry `all`, so `POST /_cache/purge/all` empties the cache.
//!
//! Besides, as HTTP caching requires (RFC 9111 §4.4), a `POST`, `PUT`,
//! `PATCH` or `DELETE` passed to the origin removes that URL's entries
//! when the origin accepts it (a 2xx or 3xx answer): the origin says the
//! resource changed. One the origin refuses removes nothing.

use std::time::Duration;

use edge::cache::{HttpCache, Tags};
use edge::fetch::Timeouts;
use edge::http::{StatusCode, header};
use edge::{Body, Request, Response, Router};

/// Builds the app once: at build time, as `edge build` pre-initializes
/// the component, so no request pays for its routes.
#[edge::main]
fn main() -> Router {
    let mut router = Router::new();
    router.post("/_cache/purge/:tag", purge_tag);
    router.any("/", proxy);
    router.any("/*path", proxy);
    router
}

/// The app's config, read in one host call per request.
struct Config(Vec<(String, String)>);

impl Config {
    fn read() -> edge::Result<Self> {
        Ok(Self(edge::config::get_all()?))
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn origin(&self) -> &str {
        self.get("origin").unwrap_or("https://origin.example.com")
    }
}

fn text(status: StatusCode, message: impl Into<String>) -> Response {
    let mut res = Response::new(Body::from(message.into()));
    *res.status_mut() = status;
    res
}

/// Config `key` as a whole number, if set.
fn number(config: &Config, key: &str) -> edge::Result<Option<u32>> {
    config
        .get(key)
        .map(|v| v.parse::<u32>())
        .transpose()
        .map_err(|e| edge::Error::msg(format!("config `{key}` is not a number: {e}")))
}

/// How long an origin request may take, by config (in milliseconds).
fn timeouts(config: &Config) -> edge::Result<Timeouts> {
    let millis = |key: &str, default: u32| -> edge::Result<Option<Duration>> {
        match number(config, key)?.unwrap_or(default) {
            0 => Err(edge::Error::msg(format!(
                "config `{key}` is 0: no origin answers in no time; give milliseconds, or leave it out for {default}"
            ))),
            ms => Ok(Some(Duration::from_millis(u64::from(ms)))),
        }
    };
    Ok(Timeouts {
        connect: millis("origin-connect-ms", 1000)?,
        first_byte: millis("origin-first-byte-ms", 2000)?,
        between_bytes: millis("origin-between-bytes-ms", 5000)?,
    })
}

/// The cache, sized by config.
fn cache(config: &Config) -> edge::Result<HttpCache> {
    let mut cache = HttpCache::new();
    if let Some(entries) = number(config, "cache-max-entries")? {
        cache = cache.max_entries(entries);
    }
    if let Some(mib) = number(config, "cache-max-chunk-mib")? {
        cache = cache.max_chunk_bytes(u64::from(mib) << 20);
    }
    for name in header_names(config, "cache-key-headers")? {
        cache = cache.key_header(name);
    }
    for name in header_names(config, "cache-forward-headers")? {
        cache = cache.forward_header(name);
    }
    Ok(cache)
}

/// The header names in config `key`, comma-separated.
fn header_names(config: &Config, key: &str) -> edge::Result<Vec<header::HeaderName>> {
    let Some(list) = config.get(key) else {
        return Ok(Vec::new());
    };
    list.split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(|name| {
            header::HeaderName::try_from(name).map_err(|e| {
                edge::Error::msg(format!(
                    "config `{key}`: `{name}` is not a header name: {e}"
                ))
            })
        })
        .collect()
}

/// Whether `req` carries the purge token; never when none is configured.
fn may_purge(req: &Request, config: &Config) -> bool {
    let Some(token) = config.get("purge-token") else {
        return false;
    };
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    given == Some(token)
}

fn proxy(req: &mut Request, _res: edge::Reply) -> edge::Result<Response> {
    let config = Config::read()?;
    let target = format!(
        "{}{}",
        config.origin(),
        req.uri().path_and_query().map_or("/", |p| p.as_str())
    );
    if req.method().as_str() == "PURGE" {
        if !may_purge(req, &config) {
            return Ok(text(
                StatusCode::UNAUTHORIZED,
                "purging needs the purge token",
            ));
        }
        cache(&config)?.purge(&target)?;
        return Ok(text(StatusCode::OK, format!("purged {target}")));
    }

    let mut upstream = Request::new(std::mem::take(req.body_mut()));
    *upstream.method_mut() = req.method().clone();
    *upstream.uri_mut() = target.parse()?;
    for (name, value) in req.headers() {
        if name != header::HOST && name != header::CONNECTION {
            upstream.headers_mut().append(name, value.clone());
        }
    }
    upstream.extensions_mut().insert(Tags::new(["all"]));
    upstream.extensions_mut().insert(timeouts(&config)?);
    match cache(&config)?.fetch(upstream) {
        Ok(answer) => Ok(answer),
        Err(e) => {
            eprintln!("cache-proxy: {e}");
            Ok(text(
                e.status(),
                format!("the origin is unreachable ({:?})", e.kind()),
            ))
        }
    }
}

fn purge_tag(req: &mut Request, _res: edge::Reply) -> edge::Result<Response> {
    use edge::RequestExt;
    let config = Config::read()?;
    if !may_purge(req, &config) {
        return Ok(text(
            StatusCode::UNAUTHORIZED,
            "purging needs the purge token",
        ));
    }
    let tag = req.param("tag").unwrap_or_default().to_owned();
    cache(&config)?.purge_tag(&tag)?;
    Ok(text(StatusCode::OK, format!("purged tag {tag}")))
}
