//! Origins that answer oddly: a 304 that carries no validator (RFC 9111
//! §4.3.4), a status no HTTP response may have.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use edge_harness::MockResponse;

use crate::support::{ORIGIN, TestResult, app_with, secs};

#[test]
fn a_304_without_a_validator_refreshes_the_entry_it_answers() -> TestResult {
    let app = app_with(|req| {
        if req.header("if-none-match") == Some("\"v1\"") {
            // No ETag, no Last-Modified: only a new max-age.
            return MockResponse::new(304).header("cache-control", "max-age=60");
        }
        MockResponse::text("page v1")
            .header("cache-control", "max-age=1")
            .header("etag", "\"v1\"")
    })?;
    app.get("/").send()?;
    app.clock().advance(secs(5));
    let revalidated = app.get("/").send()?;
    assert_eq!(revalidated.status(), 200, "{}", revalidated.stderr());
    assert_eq!(revalidated.header("x-cache"), Some("REVALIDATED"));
    assert_eq!(revalidated.text(), "page v1");
    assert_eq!(app.outbound_count(ORIGIN), 2, "sent again unconditionally");
    // Refreshed: fresh for another 60 s.
    app.clock().advance(secs(30));
    assert_eq!(app.get("/").send()?.header("x-cache"), Some("HIT"));
    Ok(())
}

#[test]
fn a_status_no_response_may_have_is_a_502_or_the_stale_copy_never_a_500() -> TestResult {
    let asked = Arc::new(AtomicU32::new(0));
    let count = asked.clone();
    let app = app_with(move |req| {
        if count.fetch_add(1, Ordering::SeqCst) > 0 || req.path() == "/odd" {
            return MockResponse::text("odd").status(999);
        }
        MockResponse::text("page")
            .header("cache-control", "max-age=1, stale-if-error=600")
            .header("etag", "\"v1\"")
    })?;
    app.get("/").send()?;
    app.clock().advance(secs(5));
    // Revalidation answered 999: the stale copy, as stale-if-error allows.
    let stale = app.get("/").send()?;
    assert_eq!(stale.status(), 200, "{}", stale.stderr());
    assert_eq!(stale.header("x-cache"), Some("STALE"));
    assert_eq!(
        stale.header("cache-status"),
        Some("edge; hit; fwd=stale; fwd-status=999; ttl=-4")
    );
    // Nothing stored: a 502 that says why.
    let odd = app.get("/odd").send()?;
    assert_eq!(odd.status(), 502);
    assert_eq!(
        odd.text(),
        "the origin answered with status 999, which is not a final HTTP status (200 to 599)"
    );
    Ok(())
}
