//! A cache in front of an origin whose framing is broken
//! (`examples/cache-proxy` on `edge serve`): nothing of a broken answer is
//! stored, and the client learns it is broken.
//!
//! - a body longer than its `Content-Length` (the extra bytes could be a
//!   smuggled response): the host's client refuses the answer, the proxy
//!   answers 502;
//! - a body shorter than its `Content-Length`, the connection then closed:
//!   the client gets the head and what came, then a cut response;
//! - a transfer coding other than `chunked`, which the host cannot undo:
//!   refused at the head as a protocol error (502), instead of a body that
//!   ends only when the origin closes and would be stored still coded.

use std::time::Duration;

use edge_harness::{Progress, build_package};

use crate::support;
use crate::support::raw_http::{self, RawResponse};
use crate::support::scripted_origin::ScriptedOrigin;
use crate::support::server::Server;

/// `examples/cache-proxy` on `edge serve` before `origin`.
fn proxy_before(origin: &ScriptedOrigin) -> Server {
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
    Server::start(&proxy, &flags)
}

/// What a failed check shows: the response as it came, then the server's
/// log once it holds the request's line (it is written as the response
/// ends, so it may come just after the client read it).
fn explain(res: &RawResponse, node: &Server) -> String {
    format!(
        "after {:?}:\n{}{}\n---- log:\n{}",
        res.elapsed,
        res.head,
        res.text(),
        node.log_with(" /page ")
    )
}

#[test]
fn a_body_longer_than_its_content_length_is_a_502_and_never_stored() {
    let origin = ScriptedOrigin::start(
        b"HTTP/1.1 200 OK\r\ncache-control: max-age=600\r\ncontent-length: 5\r\n\r\n\
          helloHTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nevil",
        Duration::ZERO,
    );
    let node = proxy_before(&origin);
    for _ in 0..2 {
        let res = raw_http::get(&node.address, "/page");
        assert_eq!(res.status, 502, "{}", explain(&res, &node));
        assert!(!res.text().contains("evil"), "{}", res.text());
    }
    assert_eq!(origin.seen(), 2, "a broken answer was stored");
}

#[test]
fn a_body_cut_short_of_its_content_length_reaches_the_client_cut_and_is_never_stored() {
    let origin = ScriptedOrigin::start(
        b"HTTP/1.1 200 OK\r\ncache-control: max-age=600\r\ncontent-length: 50\r\n\r\nhello",
        Duration::from_millis(300),
    );
    let node = proxy_before(&origin);
    for _ in 0..2 {
        let res = raw_http::get(&node.address, "/page");
        assert_eq!(res.status, 200, "{}", explain(&res, &node));
        assert_eq!(res.text(), "hello");
        assert!(!res.complete, "a cut body looked whole");
    }
    assert_eq!(origin.seen(), 2, "a cut answer was stored");
}

#[test]
fn an_unknown_transfer_coding_is_refused_at_the_head_and_never_stored() {
    // The origin holds the connection: a close-delimited body would not
    // end for 5 s.
    let hold = Duration::from_secs(5);
    let origin = ScriptedOrigin::start(
        b"HTTP/1.1 200 OK\r\ncache-control: max-age=600\r\ntransfer-encoding: gzip\r\n\r\nhello",
        hold,
    );
    let node = proxy_before(&origin);
    for _ in 0..2 {
        let res = raw_http::get(&node.address, "/page");
        assert_eq!(res.status, 502, "{}", explain(&res, &node));
        assert!(res.elapsed < hold, "waited for the body: {:?}", res.elapsed);
    }
    assert_eq!(origin.seen(), 2, "a coded answer was stored");
    let log = node.log();
    assert!(
        log.contains("answered in transfer coding \"gzip\", which the host does not decode"),
        "{log}"
    );
}
