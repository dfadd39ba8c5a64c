//! What the plugin keeps in the store: at most `rate-limit.buckets` keys,
//! whatever the number of clients, and what a failing store does.

use std::time::{Duration, SystemTime};

use edge_harness::{LimitSettings, TestApp};

const RATE_LIMIT: &str = env!("CARGO_MANIFEST_DIR");
const FLIGHTPATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/flightpath");
/// 20 s into a 60 s window.
const NOW: u64 = 1_700_000_000;
const WINDOW: u64 = NOW / 60;

type TestResult = Result<(), edge_harness::Error>;

fn limited(config: &[(&str, &str)], limits: LimitSettings) -> edge_harness::Result<TestApp> {
    let mut builder = TestApp::builder()
        .without_manifest()
        .fixed_time(SystemTime::UNIX_EPOCH + Duration::from_secs(NOW))
        .limits(limits);
    for (key, value) in config {
        builder = builder.config(*key, *value);
    }
    builder.plugin(RATE_LIMIT).package(FLIGHTPATH)
}

fn get(app: &TestApp, client: &str) -> edge_harness::Result<edge_harness::TestResponse> {
    app.get("/").header("x-forwarded-for", client).send()
}

/// The window and the count a bucket's value holds: `window << 32 | count`.
fn window_and_count(app: &TestApp, key: &str) -> (u64, u64) {
    let value: u64 = app
        .kv("rate-limit/default")
        .get_text(key)
        .and_then(|text| text.parse().ok())
        .unwrap_or_else(|| panic!("{key} holds a number"));
    (value >> 32, value & 0xffff_ffff)
}

#[test]
fn one_time_clients_never_hold_more_keys_than_there_are_buckets() -> TestResult {
    let app = limited(&[("rate-limit.buckets", "4")], LimitSettings::default())?;
    for n in 0..40 {
        get(&app, &format!("198.51.100.{n}"))?.assert_status(200);
    }
    let keys = app.kv("rate-limit/default").keys();
    assert!(
        !keys.is_empty() && keys.len() <= 4,
        "at most 4 buckets: {keys:?}"
    );
    let counted: u64 = keys
        .iter()
        .map(|key| {
            let (window, count) = window_and_count(&app, key);
            assert_eq!(window, WINDOW, "{key}");
            count
        })
        .sum();
    assert_eq!(counted, 40, "every request counted once");
    Ok(())
}

#[test]
fn the_next_window_reuses_the_bucket_and_starts_afresh() -> TestResult {
    let app = limited(&[("rate-limit.requests", "1")], LimitSettings::default())?;
    get(&app, "192.0.2.9")?.assert_status(200);
    get(&app, "192.0.2.9")?.assert_status(429);
    let keys = app.kv("rate-limit/default").keys();
    assert_eq!(keys.len(), 1, "{keys:?}");
    assert_eq!(window_and_count(&app, &keys[0]), (WINDOW, 2));
    app.clock().advance(Duration::from_secs(40));
    get(&app, "192.0.2.9")?.assert_status(200);
    assert_eq!(
        app.kv("rate-limit/default").keys(),
        keys,
        "the same key, reused"
    );
    assert_eq!(window_and_count(&app, &keys[0]), (WINDOW + 1, 1));
    Ok(())
}

#[test]
fn a_store_that_refuses_the_count_lets_the_request_through_and_says_so() -> TestResult {
    // Its store is full of another key: the plugin cannot count, and
    // fails open rather than turning a store outage into an app outage.
    let app = limited(
        &[("rate-limit.requests", "1")],
        LimitSettings {
            kv_max_keys: Some(1),
            ..LimitSettings::default()
        },
    )?;
    app.kv("rate-limit/default").set("another-key", "x");
    for _ in 0..3 {
        let res = get(&app, "192.0.2.9")?;
        res.assert_status(200)
            .assert_header("x-powered-by", "FlightPath");
        assert!(
            res.stderr()
                .contains("rate-limit: the request passes uncounted"),
            "{}",
            res.stderr()
        );
    }
    assert_eq!(app.kv("rate-limit/default").keys(), ["another-key"]);
    Ok(())
}
