//! `Cache-Status` (RFC 9211) on every answer: what the cache did, why the
//! origin was asked, what it answered, whether the answer was stored, and
//! the freshness left.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use edge_harness::http::Method;
use edge_harness::{MockResponse, TestResponse};

use crate::support::{TestResult, app_with, secs};

#[test]
fn every_answer_says_how_in_cache_status() -> TestResult {
    let down = Arc::new(AtomicBool::new(false));
    let origin_down = down.clone();
    let app = app_with(move |req| {
        if origin_down.load(Ordering::SeqCst) {
            return MockResponse::text("overloaded").status(503);
        }
        match req.path() {
            "/varied" => MockResponse::text("varied")
                .header("cache-control", "max-age=60")
                .header("vary", "accept-language"),
            "/upstream-cached" => MockResponse::text("from a CDN nearer the origin")
                .header("cache-control", "max-age=60")
                .header("cache-status", "OriginShield; hit"),
            _ => MockResponse::text("page")
                .header("cache-control", "max-age=60, stale-if-error=600")
                .header("etag", "\"v1\""),
        }
    })?;
    let status = |res: &TestResponse| res.header("cache-status").map(str::to_owned);

    let miss = app.get("/").send()?;
    assert_eq!(
        status(&miss).as_deref(),
        Some("edge; fwd=uri-miss; fwd-status=200; stored")
    );
    app.clock().advance(secs(10));
    let hit = app.get("/").send()?;
    assert_eq!(status(&hit).as_deref(), Some("edge; hit; ttl=50"));

    app.get("/varied").header("accept-language", "fr").send()?;
    let other = app.get("/varied").header("accept-language", "de").send()?;
    assert_eq!(
        status(&other).as_deref(),
        Some("edge; fwd=vary-miss; fwd-status=200; stored")
    );

    let posted = app.request(Method::POST, "/form").send()?;
    assert_eq!(
        status(&posted).as_deref(),
        Some("edge; fwd=method; fwd-status=200")
    );

    let relayed = app.get("/upstream-cached").send()?;
    assert_eq!(
        status(&relayed).as_deref(),
        Some("OriginShield; hit, edge; fwd=uri-miss; fwd-status=200; stored")
    );

    // 70 s old: stale by 10 s, and the origin fails.
    app.clock().advance(secs(60));
    down.store(true, Ordering::SeqCst);
    let stale = app.get("/").send()?;
    assert_eq!(stale.header("x-cache"), Some("STALE"));
    assert_eq!(
        status(&stale).as_deref(),
        Some("edge; hit; fwd=stale; fwd-status=503; ttl=-10")
    );
    Ok(())
}
