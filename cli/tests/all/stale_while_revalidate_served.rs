//! `stale-while-revalidate` through `edge serve`: inside the window the
//! client gets the stale copy at once, and the same instance revalidates
//! after the response is sent (`edge::after_response`), so the next
//! client gets the new answer without anyone having waited for the
//! origin.

use std::time::{Duration, Instant};

use edge_harness::{Progress, build_package};

use crate::support;
use crate::support::counting_origin::CountingOrigin;
use crate::support::raw_http;
use crate::support::server::Server;

/// Waits (10 s at most) until `check` holds.
fn wait_until(check: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !check() {
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    true
}

#[test]
fn inside_the_window_the_stale_copy_answers_at_once_and_the_revalidation_follows_the_response() {
    // Fresh for 1 s, then stale for a minute; every answer after the
    // first takes the origin 1.5 s (within the first-byte time the proxy
    // is given below).
    let slow = Duration::from_millis(1500);
    let origin = CountingOrigin::start_with("public, max-age=1, stale-while-revalidate=60", |n| {
        if n > 1 {
            Duration::from_millis(1500)
        } else {
            Duration::ZERO
        }
    });
    let proxy = build_package(
        support::workspace().join("examples/cache-proxy"),
        Progress::Quiet,
    )
    .expect("cache-proxy builds");
    let origin_url = format!("origin=http://{}", origin.address);
    let flags = [
        "--allow-outbound",
        origin.address.as_str(),
        "--config",
        origin_url.as_str(),
        // A loaded test machine must not turn a slow answer into the
        // example's 504 (its first-byte time is 2 s unless configured).
        "--config",
        "origin-first-byte-ms=8000",
        "--timeout-ms",
        "10000",
    ];
    let node = Server::start(&proxy, &flags);

    let first = raw_http::get(&node.address, "/page");
    assert_eq!(first.status, 200, "{}", node.log());
    assert_eq!(first.header("x-cache"), Some("miss"));
    assert!(wait_until(
        || node.log().matches("GET /page 200").count() == 1
    ));
    std::thread::sleep(Duration::from_millis(1200));

    let stale = raw_http::get(&node.address, "/page");
    assert_eq!(stale.text(), "/page from the origin, request 1");
    assert_eq!(stale.header("x-cache"), Some("stale"), "{}", stale.head);
    let status = stale.header("cache-status").unwrap_or_default();
    assert!(status.contains("detail=stale-while-revalidate"), "{status}");
    assert!(
        stale.complete && stale.elapsed < slow,
        "the client waited for the origin: {:?}",
        stale.elapsed
    );

    // The revalidation runs after the response: the origin is asked, its
    // answer stored, and the next client gets it from the cache.
    assert!(wait_until(|| origin.seen() == 2), "{}", node.log());
    assert!(
        wait_until(|| node.log().matches("GET /page 200").count() == 2),
        "{}",
        node.log()
    );
    let fresh = raw_http::get(&node.address, "/page");
    assert_eq!(
        fresh.text(),
        "/page from the origin, request 2",
        "{}",
        node.log()
    );
    assert_eq!(fresh.header("x-cache"), Some("hit"), "{}", fresh.head);
    assert_eq!(origin.seen(), 2);
}
