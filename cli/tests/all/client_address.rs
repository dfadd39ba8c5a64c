//! Hostile: a client names itself. `edge serve` is the front server, so it
//! says who the peer is (`X-Forwarded-For`, `Forwarded`); what a peer that
//! is not a trusted proxy wrote there is dropped. Before, 40 requests with
//! a rotating `X-Forwarded-For` went past a rate limit of 5 untouched
//! (`EDGE_UNDER_TEST=/path/to/old/edge` shows it).

use std::time::Duration;

use edge_harness::{Progress, build_package};

use crate::support;
use crate::support::raw_http;
use crate::support::server::Server;

fn limited_app(flags: &[&str]) -> Server {
    let app = build_package(
        support::workspace().join("examples/flightpath"),
        Progress::Quiet,
    )
    .expect("flightpath builds");
    let plugin = support::workspace().join("plugins/rate-limit");
    let mut all = vec![
        "--kv-memory",
        "--plugin",
        plugin.to_str().expect("a UTF-8 path"),
        "--config",
        "rate-limit.requests=5",
    ];
    all.extend_from_slice(flags);
    Server::start(&app, &all)
}

/// The statuses of `count` requests, the `i`th claiming to come from
/// `forwarded_for(i)`.
fn statuses(server: &Server, count: u32, forwarded_for: impl Fn(u32) -> String) -> Vec<u16> {
    (0..count)
        .map(|i| {
            let request = format!(
                "GET / HTTP/1.1\r\nHost: test\r\nX-Forwarded-For: {}\r\nForwarded: for={0}\r\n\
                 Connection: close\r\n\r\n",
                forwarded_for(i)
            );
            raw_http::exchange(&server.address, request.as_bytes(), Duration::from_secs(30)).status
        })
        .collect()
}

#[test]
fn a_client_rotating_x_forwarded_for_is_still_one_client() {
    let server = limited_app(&[]);
    let statuses = statuses(&server, 40, |i| format!("198.51.100.{i}"));
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(
        refused, 35,
        "a limit of 5 per client, 40 requests from one peer: {statuses:?}"
    );
}

#[test]
fn behind_a_trusted_proxy_the_forwarded_client_counts() {
    // The test is the proxy: its X-Forwarded-For names the clients, and the
    // plugin skips the one entry the server appended for the proxy itself.
    let server = limited_app(&[
        "--trusted-proxy",
        "127.0.0.0/8",
        "--config",
        "rate-limit.trusted-hops=1",
    ]);
    let distinct = statuses(&server, 20, |i| format!("198.51.100.{i}"));
    assert!(distinct.iter().all(|s| *s == 200), "{distinct:?}");
    let one = statuses(&server, 6, |_| "203.0.113.9".to_owned());
    assert_eq!(one, [200, 200, 200, 200, 200, 429]);
}

#[test]
fn a_trusted_proxy_that_is_not_an_address_is_refused() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_edge"))
        .args(["serve", "app.wasm", "--trusted-proxy", "10.0.0/8"])
        .output()
        .expect("edge runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`10.0.0` is not an IP address: expected an address or a network"),
        "{stderr}"
    );
}
