//! The rate-limit plugin alone in front of FlightPath, on a stopped clock.

use std::time::{Duration, SystemTime};

use edge_harness::TestApp;

const RATE_LIMIT: &str = env!("CARGO_MANIFEST_DIR");
const FLIGHTPATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/flightpath");
/// 20 s into a 60 s window (1_700_000_000 = 28_333_333 × 60 + 20).
const NOW: u64 = 1_700_000_000;
const WINDOW: u64 = NOW / 60;

type TestResult = Result<(), edge_harness::Error>;

fn limited(config: &[(&str, &str)]) -> edge_harness::Result<TestApp> {
    let mut builder = TestApp::builder()
        .without_manifest()
        .fixed_time(SystemTime::UNIX_EPOCH + Duration::from_secs(NOW))
        .kv_store("limits");
    for (key, value) in config {
        builder = builder.config(*key, *value);
    }
    builder.plugin(RATE_LIMIT).package(FLIGHTPATH)
}

fn get(app: &TestApp, client: &str) -> edge_harness::Result<edge_harness::TestResponse> {
    app.get("/").header("x-forwarded-for", client).send()
}

#[test]
fn past_the_allowance_a_client_gets_429_with_retry_after() -> TestResult {
    let app = limited(&[("rate-limit.requests", "3")])?;
    for _ in 0..3 {
        get(&app, "203.0.113.7")?
            .assert_status(200)
            .assert_header("x-powered-by", "FlightPath");
    }
    let res = get(&app, "203.0.113.7")?;
    res.assert_status(429)
        .assert_header("retry-after", "40")
        .assert_header("x-ratelimit-limit", "3");
    assert_eq!(res.header("x-powered-by"), None, "the app never ran");
    // One bucket, holding the window and its count: `window << 32 | 4`.
    let keys = app.kv("rate-limit/default").keys();
    assert_eq!(keys.len(), 1, "{keys:?}");
    assert_eq!(
        app.kv("rate-limit/default").get_text(&keys[0]),
        Some((WINDOW << 32 | 4).to_string())
    );
    Ok(())
}

#[test]
fn each_client_has_its_own_allowance() -> TestResult {
    let app = limited(&[("rate-limit.requests", "1")])?;
    get(&app, "198.51.100.1")?.assert_status(200);
    get(&app, "198.51.100.1")?.assert_status(429);
    get(&app, "198.51.100.2")?.assert_status(200);
    // Without the header, requests share the anonymous allowance.
    app.get("/").send()?.assert_status(200);
    app.get("/").send()?.assert_status(429);
    Ok(())
}

#[test]
fn the_window_length_and_the_client_header_are_configurable() -> TestResult {
    let app = limited(&[
        ("rate-limit.requests", "1"),
        ("rate-limit.window-seconds", "3600"),
        ("rate-limit.client-header", "X-Client-Id"),
        ("rate-limit.store", "limits"),
    ])?;
    let send = || app.get("/").header("x-client-id", "alice").send();
    send()?.assert_status(200);
    // 1_700_000_000 is 800 s into its hour.
    send()?
        .assert_status(429)
        .assert_header("retry-after", "2800");
    let keys = app.kv("rate-limit/limits").keys();
    assert_eq!(keys.len(), 1, "{keys:?}");
    assert_eq!(
        app.kv("rate-limit/limits").get_text(&keys[0]),
        Some(((NOW / 3600) << 32 | 2).to_string())
    );
    assert!(app.kv("rate-limit/default").keys().is_empty());
    Ok(())
}

#[test]
fn a_bad_setting_answers_500_naming_the_key() -> TestResult {
    let app = limited(&[("rate-limit.window-seconds", "0")])?;
    let res = get(&app, "192.0.2.1")?;
    res.assert_status(500);
    assert!(
        res.stderr()
            .contains("rate-limit.window-seconds must be a positive integer, not `0`"),
        "{}",
        res.stderr()
    );
    Ok(())
}

#[test]
fn a_window_over_a_day_answers_500_naming_the_key_and_the_bound() -> TestResult {
    let app = limited(&[("rate-limit.window-seconds", "31536000")])?;
    let res = get(&app, "192.0.2.1")?;
    res.assert_status(500);
    assert!(
        res.stderr()
            .contains("rate-limit.window-seconds must be at most 86400, not `31536000`"),
        "{}",
        res.stderr()
    );
    Ok(())
}

#[test]
fn a_store_the_host_does_not_grant_answers_500() -> TestResult {
    // A configuration error, not a failing store: the plugin does not
    // fail open on it.
    let app = limited(&[("rate-limit.store", "nowhere")])?;
    get(&app, "192.0.2.1")?.assert_status(500);
    Ok(())
}
