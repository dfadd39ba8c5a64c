//! Stale copies of responses that carry no validator: kept past their
//! freshness like the others (RFC 9111 §4.2.4), so that a client's
//! `max-stale` or `stale-if-error` finds them.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use edge_harness::MockResponse;

use crate::support::{ORIGIN, TestResult, app_with, secs};

#[test]
fn a_clients_stale_if_error_and_max_stale_find_an_entry_without_validators() -> TestResult {
    let down = Arc::new(AtomicBool::new(false));
    let origin_down = down.clone();
    let app = app_with(move |_| {
        if origin_down.load(Ordering::SeqCst) {
            return MockResponse::refused();
        }
        // No ETag, no Last-Modified.
        MockResponse::text("plain").header("cache-control", "max-age=60")
    })?;
    assert_eq!(app.get("/").send()?.header("x-cache"), Some("MISS"));
    app.clock().advance(secs(120));

    let tolerant = app
        .get("/")
        .header("cache-control", "max-stale=600")
        .send()?;
    assert_eq!(tolerant.status(), 200, "{}", tolerant.stderr());
    assert_eq!(tolerant.text(), "plain");
    assert_eq!(tolerant.header("age"), Some("120"));
    assert_eq!(
        app.outbound_count(ORIGIN),
        1,
        "max-stale went to the origin"
    );

    down.store(true, Ordering::SeqCst);
    let rescued = app
        .get("/")
        .header("cache-control", "stale-if-error=600")
        .send()?;
    assert_eq!(rescued.status(), 200, "{}", rescued.stderr());
    assert_eq!(rescued.header("x-cache"), Some("STALE"));
    assert_eq!(rescued.text(), "plain");
    // A client that tolerates nothing stale sees the failure.
    assert_eq!(app.get("/").send()?.status(), 502);
    Ok(())
}

#[test]
fn an_entry_that_may_never_be_served_stale_and_has_no_validator_goes_at_expiry() -> TestResult {
    let app = app_with(|_| {
        MockResponse::text("strict").header("cache-control", "max-age=60, must-revalidate")
    })?;
    app.get("/").send()?;
    app.clock().advance(secs(61));
    let again = app
        .get("/")
        .header("cache-control", "max-stale=600")
        .send()?;
    assert_eq!(again.header("x-cache"), Some("MISS"));
    assert_eq!(app.outbound_count(ORIGIN), 2);
    Ok(())
}
