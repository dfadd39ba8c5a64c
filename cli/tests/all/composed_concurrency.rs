//! A composed app runs as many requests at once as the app alone: the
//! pool is sized from the component it loads. Before, it held four
//! memories and tables per slot while each Rust part takes about two
//! tables, so with 2 plugins 43 of 128 concurrent requests got 503, and
//! with 4 plugins 77 of 128.

use std::time::Duration;

use edge_harness::{Progress, build_package};
use edge_test_programs::routes;

use crate::support;
use crate::support::raw_http;
use crate::support::server::Server;

#[test]
fn as_many_requests_as_stated_run_at_once_through_four_plugins() {
    let plugin = |name: &str| {
        build_package(
            support::workspace().join("plugins").join(name),
            Progress::Quiet,
        )
        .unwrap_or_else(|e| panic!("the plugin {name} builds: {e:#}"))
    };
    let chain = [
        plugin("probe"),
        plugin("waf"),
        plugin("rate-limit"),
        plugin("probe"),
    ];
    let mut flags = vec![
        "--kv-memory",
        "--max-memory-mib",
        "64",
        "--max-total-memory-mib",
        "4096",
        "--timeout-ms",
        "20000",
    ];
    for part in &chain {
        flags.extend(["--plugin", part.to_str().expect("a UTF-8 path")]);
    }
    let server = Server::start(&support::test_programs(), &flags);
    let stated = server.log_with("requests at once");
    let stated: usize = stated
        .split("edge: up to ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("the concurrency is stated at start: {stated}"));
    // 64 MiB each in 4 GiB (less on a machine with less memory), and at
    // most what one client may have in flight (64 by default).
    assert!((1..=64).contains(&stated), "{stated}");

    let target = format!("{}?ms=1500", routes::SLEEP);
    let statuses = std::thread::scope(|scope| {
        let requests: Vec<_> = (0..stated)
            .map(|_| {
                scope.spawn(|| {
                    let request =
                        format!("GET {target} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
                    raw_http::exchange(&server.address, request.as_bytes(), Duration::from_secs(60))
                        .status
                })
            })
            .collect();
        requests
            .into_iter()
            .map(|r| r.join().expect("a request thread"))
            .collect::<Vec<u16>>()
    });
    let failed = statuses.iter().filter(|s| **s != 200).count();
    assert_eq!(
        failed,
        0,
        "{stated} concurrent requests through 4 plugins: {statuses:?}\n{}",
        server.log()
    );
}
