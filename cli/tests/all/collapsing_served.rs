//! Request collapsing through `edge serve` (`examples/cache-proxy`): 20
//! concurrent misses for one URL, each in its own fresh instance, ask the
//! origin once; the others are answered from what the first stored.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use edge_harness::{Progress, build_package};

use crate::support;
use crate::support::counting_origin::CountingOrigin;
use crate::support::raw_http;
use crate::support::server::Server;

/// The cache's lease period: misses on either side of its boundary may
/// each lead, so the test starts well inside one.
const LEASE_MS: u128 = 10_000;

fn well_inside_a_lease_period() {
    let in_period = || {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("after 1970");
        now.as_millis() % LEASE_MS
    };
    while !(500..6_000).contains(&in_period()) {
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn twenty_concurrent_misses_ask_the_origin_once() {
    // The first answer takes 500 ms: every request arrives while it is out.
    let origin = CountingOrigin::start_with("public, max-age=600", |n| {
        if n == 1 {
            Duration::from_millis(500)
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
    well_inside_a_lease_period();
    let answers: Vec<_> = std::thread::scope(|s| {
        let sent: Vec<_> = (0..20)
            .map(|_| s.spawn(|| raw_http::get(&node.address, "/popular")))
            .collect();
        sent.into_iter()
            .map(|h| h.join().expect("a request thread panicked"))
            .collect()
    });
    let mut collapsed = 0;
    for res in &answers {
        assert_eq!(res.status, 200, "{}", node.log());
        assert_eq!(res.text(), "/popular from the origin, request 1");
        collapsed += usize::from(
            res.header("cache-status")
                .is_some_and(|s| s.contains("collapsed")),
        );
    }
    assert_eq!(origin.seen(), 1, "{}", node.log());
    assert_eq!(collapsed, 19);
}
