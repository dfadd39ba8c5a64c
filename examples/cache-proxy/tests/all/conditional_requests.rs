//! A client's own conditional request against a fresh stored response
//! (RFC 9111 §4.3.2, RFC 9110 §13.2.2): answered `304 Not Modified` from
//! the store when the client's copy is current, in the RFC's order of
//! precedence; the origin is not asked.

use edge_harness::{MockResponse, TestApp};

use crate::support::{ORIGIN, TestResult, app_with};

/// Last-Modified of the stored page: a day before the tests' clock.
const CHANGED: &str = "Mon, 13 Nov 2023 22:13:20 GMT";
/// Before and after it.
const EARLIER: &str = "Sun, 12 Nov 2023 22:13:20 GMT";
const LATER: &str = "Tue, 14 Nov 2023 10:00:00 GMT";
/// The tests' clock, and a day after it.
const NOW: &str = "Tue, 14 Nov 2023 22:13:20 GMT";
const TOMORROW: &str = "Wed, 15 Nov 2023 22:13:20 GMT";

/// An app whose origin answers a page with an ETag and a Last-Modified,
/// fresh for a minute, already stored.
fn stored_page() -> edge_harness::Result<TestApp> {
    let app = app_with(|_| {
        MockResponse::text("page")
            .header("cache-control", "max-age=60")
            .header("etag", "\"v1\"")
            .header("last-modified", CHANGED)
    })?;
    assert_eq!(app.get("/").send()?.header("x-cache"), Some("MISS"));
    Ok(app)
}

fn asked(
    app: &TestApp,
    name: &str,
    value: &str,
) -> edge_harness::Result<edge_harness::TestResponse> {
    app.get("/").header(name, value).send()
}

#[test]
fn a_matching_if_none_match_is_answered_304_from_the_store() -> TestResult {
    let app = stored_page()?;
    for tag in ["\"v1\"", "W/\"v1\"", "\"v0\", \"v1\"", "*"] {
        let res = asked(&app, "if-none-match", tag)?;
        assert_eq!(res.status(), 304, "If-None-Match: {tag}");
        assert_eq!(res.text(), "", "a 304 has no body");
        assert_eq!(res.header("etag"), Some("\"v1\""));
        assert_eq!(res.header("cache-control"), Some("max-age=60"));
        assert_eq!(res.header("x-cache"), Some("HIT"));
        let status = res.header("cache-status").unwrap_or_default();
        assert!(status.starts_with("edge; hit"), "{status}");
    }
    let other = asked(&app, "if-none-match", "\"v2\"")?;
    assert_eq!(other.status(), 200);
    assert_eq!(other.text(), "page");
    assert_eq!(app.outbound_count(ORIGIN), 1, "the origin was asked again");
    Ok(())
}

#[test]
fn if_modified_since_is_answered_304_when_nothing_changed_since() -> TestResult {
    let app = stored_page()?;
    assert_eq!(asked(&app, "if-modified-since", CHANGED)?.status(), 304);
    assert_eq!(asked(&app, "if-modified-since", LATER)?.status(), 304);
    let older = asked(&app, "if-modified-since", EARLIER)?;
    assert_eq!(older.status(), 200);
    assert_eq!(older.text(), "page");
    // A date no one can read is no condition at all.
    assert_eq!(asked(&app, "if-modified-since", "yesterday")?.status(), 200);
    assert_eq!(app.outbound_count(ORIGIN), 1);
    Ok(())
}

#[test]
fn if_none_match_wins_over_if_modified_since() -> TestResult {
    let app = stored_page()?;
    // The tag differs: the page is sent, whatever the date says.
    let res = app
        .get("/")
        .header("if-none-match", "\"v2\"")
        .header("if-modified-since", LATER)
        .send()?;
    assert_eq!(res.status(), 200);
    // The tag matches: 304, whatever the date says.
    let res = app
        .get("/")
        .header("if-none-match", "\"v1\"")
        .header("if-modified-since", EARLIER)
        .send()?;
    assert_eq!(res.status(), 304);
    Ok(())
}

#[test]
fn without_last_modified_the_stored_date_stands_in() -> TestResult {
    // Made now, on the tests' clock, so fresh for its minute.
    let app = app_with(|_| {
        MockResponse::text("page")
            .header("cache-control", "max-age=60")
            .header("date", NOW)
    })?;
    app.get("/").send()?;
    assert_eq!(asked(&app, "if-modified-since", NOW)?.status(), 304);
    assert_eq!(asked(&app, "if-modified-since", TOMORROW)?.status(), 304);
    assert_eq!(asked(&app, "if-modified-since", LATER)?.status(), 200);
    // No ETag stored: If-None-Match cannot match, and decides alone.
    let res = app
        .get("/")
        .header("if-none-match", "\"v1\"")
        .header("if-modified-since", TOMORROW)
        .send()?;
    assert_eq!(res.status(), 200);
    Ok(())
}

#[test]
fn if_match_and_if_unmodified_since_are_left_to_the_origin() -> TestResult {
    let app = stored_page()?;
    let res = asked(&app, "if-match", "\"v0\"")?;
    assert_eq!(res.status(), 200, "a cache does not evaluate If-Match");
    let res = asked(&app, "if-unmodified-since", EARLIER)?;
    assert_eq!(res.status(), 200);
    Ok(())
}
