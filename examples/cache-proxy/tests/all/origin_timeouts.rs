//! How long the proxy waits for its origin: config `origin-connect-ms`,
//! `origin-first-byte-ms` and `origin-between-bytes-ms`, defaults 1, 2 and
//! 5 seconds; an origin past one is a 504.

use std::time::Duration;

use edge_harness::MockResponse;

use edge_harness::TestApp;

use crate::support::{ORIGIN, TestResult, builder};

/// An origin whose head comes after 300 ms.
fn slow_origin(_: &edge_harness::MockRequest) -> MockResponse {
    MockResponse::text("late")
        .header("cache-control", "max-age=60")
        .delay(Duration::from_millis(300))
}

/// The proxy before [`slow_origin`], its first-byte time set to
/// `first_byte_ms` if given.
fn before_slow_origin(first_byte_ms: Option<&str>) -> edge_harness::Result<TestApp> {
    let mut builder = builder().mock(ORIGIN, slow_origin);
    if let Some(ms) = first_byte_ms {
        builder = builder.config("origin-first-byte-ms", ms);
    }
    builder.package(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn an_origin_slower_than_the_configured_first_byte_time_is_a_504() -> TestResult {
    let app = before_slow_origin(Some("50"))?;
    let res = app.get("/").send()?;
    assert_eq!(res.status(), 504, "{}", res.stderr());

    // Within the default (2 s) the same origin is waited for.
    let patient = before_slow_origin(None)?;
    let res = patient.get("/").send()?;
    assert_eq!(res.status(), 200, "{}", res.stderr());
    assert_eq!(res.text(), "late");
    Ok(())
}

#[test]
fn a_timeout_in_config_that_is_not_a_number_or_is_0_is_named_in_the_error() -> TestResult {
    for (value, error) in [
        ("2s", "config `origin-first-byte-ms` is not a number"),
        ("0", "config `origin-first-byte-ms` is 0"),
    ] {
        let app = before_slow_origin(Some(value))?;
        let res = app.get("/").send()?;
        assert_eq!(res.status(), 500, "{value}");
        let said = format!("{}{}", res.text(), res.stderr());
        assert!(said.contains(error), "{value}: {said}");
        assert_eq!(app.outbound_count(ORIGIN), 0, "{value}");
    }
    Ok(())
}
