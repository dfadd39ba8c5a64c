//! `examples/cache-proxy` on three `edge serve` nodes sharing one Redis:
//! what one node stores, the others serve; what one purges, all forget.

use std::time::Duration;

use edge_harness::{Progress, build_package};

use crate::support;
use crate::support::counting_origin::CountingOrigin;
use crate::support::raw_http::{self, RawResponse};
use crate::support::redis_server::RedisServer;
use crate::support::server::Server;

const TOKEN: &str = "purge-s3cret";

/// Waits (5 s at most) until `node` has logged `count` answers to `GET
/// /page`: the guest has then finished, its cache entry written. (The
/// client has the whole body a little before the entry is complete: a
/// request right behind could still miss it, issue 26's race.)
fn wait_for_answers(node: &Server, count: usize) {
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while node.log().matches("GET /page 200").count() < count
        && std::time::Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn purge(node: &Server, target: &str) -> RawResponse {
    let request = format!(
        "PURGE {target} HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer {TOKEN}\r\n\
         Connection: close\r\n\r\n"
    );
    raw_http::exchange(&node.address, request.as_bytes(), Duration::from_secs(30))
}

#[test]
fn an_entry_stored_through_one_node_is_a_hit_through_another_and_a_purge_through_a_third_clears_it()
{
    let redis = RedisServer::start("redis-fleet-cache");
    let origin = CountingOrigin::start();
    let proxy = build_package(
        support::workspace().join("examples/cache-proxy"),
        Progress::Quiet,
    )
    .expect("cache-proxy builds");
    let url = redis.url();
    let origin_url = format!("origin=http://{}", origin.address);
    let token = format!("purge-token={TOKEN}");
    let flags = [
        "--kv-url",
        url.as_str(),
        "--allow-outbound",
        origin.address.as_str(),
        "--config",
        origin_url.as_str(),
        "--config",
        token.as_str(),
        // A loaded test machine must not turn a slow answer into the
        // example's 504 (its first-byte time is 2 s unless configured).
        "--config",
        "origin-first-byte-ms=8000",
        "--timeout-ms",
        "10000",
    ];
    let nodes: Vec<Server> = (0..3).map(|_| Server::start(&proxy, &flags)).collect();

    let first = raw_http::get(&nodes[0].address, "/page");
    assert_eq!(first.status, 200, "{}", nodes[0].log());
    assert_eq!(first.text(), "/page from the origin, request 1");
    assert_eq!(first.header("x-cache"), Some("miss"), "{}", first.head);
    wait_for_answers(&nodes[0], 1);

    let second = raw_http::get(&nodes[1].address, "/page");
    assert_eq!(second.status, 200);
    assert_eq!(second.text(), "/page from the origin, request 1");
    assert_eq!(second.header("x-cache"), Some("hit"), "{}", second.head);
    assert_eq!(origin.seen(), 1, "the second node went to the origin");

    let purged = purge(&nodes[2], "/page");
    assert_eq!(purged.status, 200, "{}", purged.text());

    // Gone for every node: the next ask goes to the origin, once.
    let after = raw_http::get(&nodes[1].address, "/page");
    assert_eq!(after.text(), "/page from the origin, request 2");
    assert_eq!(after.header("x-cache"), Some("miss"), "{}", after.head);
    wait_for_answers(&nodes[1], 2);
    let again = raw_http::get(&nodes[0].address, "/page");
    assert_eq!(again.text(), "/page from the origin, request 2");
    assert_eq!(again.header("x-cache"), Some("hit"), "{}", again.head);
    assert_eq!(origin.seen(), 2);
}
