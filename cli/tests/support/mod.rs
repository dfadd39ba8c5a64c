//! What the `edge` command's tests share: a running `edge serve`, a raw
//! HTTP/1.1 client, an origin that counts requests, a Redis server, a
//! WebDriver client, and (from the harness's tests) the workspace,
//! temporary directories and a process's memory and files.
#![allow(dead_code)]

pub(crate) mod counting_origin;
pub(crate) mod raw_http;
pub(crate) mod redis_server;
pub(crate) mod scripted_origin;
pub(crate) mod server;
pub(crate) mod watched_app;
pub(crate) mod webdriver;

#[path = "../../../host-test-harness/tests/support/mod.rs"]
mod shared;

use std::path::PathBuf;

use edge_harness::{Progress, build_package};
#[allow(unused_imports, reason = "each test binary uses part of it")]
pub(crate) use shared::{long_probes, process, temp_dir, test_programs_package, workspace};

/// A turn of its own: the tests that measure a server take it first, so
/// that they run one at a time, whatever `--test-threads` says.
pub(crate) fn alone() -> std::sync::MutexGuard<'static, ()> {
    static ALONE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    // A failed measurement poisons the lock; the next one still runs.
    ALONE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The middle of `samples`.
pub(crate) fn median(mut samples: Vec<std::time::Duration>) -> std::time::Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// `edge serve` on the test programs with key-value data in a fresh
/// SQLite file (returned, to look into afterwards), the request time limit
/// `timeout_ms`, and `flags` besides.
pub(crate) fn sqlite_server(
    name: &str,
    timeout_ms: &str,
    flags: &[&str],
) -> (server::Server, PathBuf) {
    let kv = temp_dir(name).join("kv.sqlite");
    let mut all = vec![
        "--kv-path",
        kv.to_str().expect("a UTF-8 path"),
        "--timeout-ms",
        timeout_ms,
    ];
    all.extend_from_slice(flags);
    (server::Server::start(&test_programs(), &all), kv)
}

/// The test-programs component, built once per test binary.
pub(crate) fn test_programs() -> PathBuf {
    build_package(test_programs_package(), Progress::Quiet).expect("test programs build")
}

/// The test-programs component built for WASI 0.3 (their `p3` feature),
/// once per test binary.
pub(crate) fn test_programs_p3() -> PathBuf {
    edge_harness::build::AppBuild::new(test_programs_package())
        .wasi(edge_harness::runtime::WasiHttpVersion::P3)
        .run()
        .expect("test programs build for WASI 0.3")
        .component
}
