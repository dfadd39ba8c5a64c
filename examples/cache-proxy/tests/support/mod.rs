//! What the cache-proxy tests share: an app on a stopped clock in front
//! of a mock origin, and a look at the cache's keys.

use std::time::{Duration, SystemTime};

use edge_harness::{MockRequest, MockResponse, TestApp, TestAppBuilder};

/// What every test returns.
pub(crate) type TestResult = Result<(), edge_harness::Error>;

/// The origin's host.
pub(crate) const ORIGIN: &str = "origin.example.com";

/// 2023-11-14T22:13:20Z: the clock every test starts from.
pub(crate) fn start() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

/// A proxy in front of the mock origin, on the stopped clock, with a purge token.
pub(crate) fn builder() -> TestAppBuilder {
    TestApp::builder()
        .fixed_time(start())
        .config("origin", format!("https://{ORIGIN}"))
        .config("purge-token", "let-me-purge")
}

/// [`builder`] with `origin` answering for the origin, loaded.
pub(crate) fn app_with<F>(origin: F) -> edge_harness::Result<TestApp>
where
    F: Fn(&MockRequest) -> MockResponse + Send + Sync + 'static,
{
    builder()
        .mock(ORIGIN, origin)
        .package(env!("CARGO_MANIFEST_DIR"))
}

/// `s` seconds.
pub(crate) fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

/// The cache's keys in the default store, by kind (`h` heads, `c` chunks).
pub(crate) fn cache_keys(app: &TestApp, kind: &str) -> Vec<String> {
    let prefix = format!("ec/{kind}/");
    app.kv("default")
        .keys()
        .into_iter()
        .filter(|k| k.starts_with(&prefix))
        .collect()
}
