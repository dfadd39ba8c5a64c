//! A/B testing at the edge: each visitor is put in variant `a` or `b` once,
//! remembered in a cookie, and sent the page of that variant from the
//! origin (`/a/...` or `/b/...`).

use std::hash::{BuildHasher, Hasher};

use edge::{Body, Cookie, Reply, Request, RequestExt, Response, Router, SameSite};

const COOKIE: &str = "ab-variant";
const THIRTY_DAYS: i64 = 30 * 24 * 3600;

#[edge::main]
fn main(req: Request) -> edge::Result<Response> {
    let mut router = Router::new();
    router.get("/", page);
    router.get("/*path", page);
    router.handle(req)
}

/// The visitor's variant: the one in their cookie, or a fresh coin toss.
fn variant(req: &Request) -> (&'static str, bool) {
    match req.cookie(COOKIE) {
        Some("a") => ("a", false),
        Some("b") => ("b", false),
        _ => (if coin_toss() { "a" } else { "b" }, true),
    }
}

/// A random bit, from the host's random seed (std seeds its hash maps with
/// it), with no dependency.
fn coin_toss() -> bool {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u8(0);
    hasher.finish() & 1 == 0
}

fn page(req: &mut Request, res: Reply) -> edge::Result<Reply> {
    let (variant, new_visitor) = variant(req);
    let origin =
        edge::config::get("origin")?.unwrap_or_else(|| "https://origin.example.com".to_owned());
    let path = req.uri().path_and_query().map_or("/", |p| p.as_str());
    let upstream =
        edge::http::Request::get(format!("{origin}/{variant}{path}")).body(Body::empty())?;
    let answer =
        edge::fetch(upstream).map_err(|e| edge::Error::from(e.clone()).with_status(e.status()))?;

    let mut res = res.status(answer.status()).header("x-ab-variant", variant);
    if let Some(content_type) = answer.headers().get("content-type") {
        res = res.header("content-type", content_type.clone());
    }
    if new_visitor {
        res = res.cookie(
            &Cookie::new(COOKIE, variant)
                .path("/")
                .max_age(THIRTY_DAYS)
                .http_only()
                .same_site(SameSite::Lax),
        );
    }
    // Caches must keep the variants apart.
    Ok(res.header("vary", "cookie").body(answer.into_body()))
}
