//! What a client's own `Cache-Control` asks of the cache (RFC 9111
//! §5.2.1): `only-if-cached`, `no-store`.

use edge_harness::MockResponse;

use crate::support::{ORIGIN, TestResult, app_with, cache_keys, secs};

#[test]
fn only_if_cached_is_answered_from_the_store_or_with_a_504() -> TestResult {
    let app = app_with(|_| MockResponse::text("page").header("cache-control", "max-age=60"))?;
    let nothing = app
        .get("/")
        .header("cache-control", "Only-If-Cached")
        .send()?;
    assert_eq!(nothing.status(), 504, "{}", nothing.text());
    assert_eq!(app.outbound_count(ORIGIN), 0, "the origin was asked");

    app.get("/").send()?;
    let stored = app
        .get("/")
        .header("cache-control", "only-if-cached")
        .send()?;
    assert_eq!(stored.status(), 200);
    assert_eq!(stored.header("x-cache"), Some("HIT"));

    // Stale, it would need the origin: 504 again, and no request.
    app.clock().advance(secs(61));
    let stale = app
        .get("/")
        .header("cache-control", "only-if-cached")
        .send()?;
    assert_eq!(stale.status(), 504);
    assert_eq!(app.outbound_count(ORIGIN), 1);
    Ok(())
}

#[test]
fn a_request_marked_no_store_leaves_nothing_stored() -> TestResult {
    let app = app_with(|_| MockResponse::text("page").header("cache-control", "max-age=60"))?;
    let res = app.get("/").header("cache-control", "No-Store").send()?;
    assert_eq!(res.status(), 200);
    assert!(
        cache_keys(&app, "h").is_empty(),
        "{:?}",
        cache_keys(&app, "h")
    );
    assert_eq!(app.get("/").send()?.header("x-cache"), Some("MISS"));
    Ok(())
}
