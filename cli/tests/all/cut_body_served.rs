//! A plugin that reads bodies, over WASI 0.3 on `edge serve`, when the
//! client stops sending mid-body: the plugin sees the bytes that came as a
//! body cut short, never as a whole one (`BodyPrefix::is_complete`).
//!
//! The probe plugin answers `x-probe: body` with what it saw.

use std::time::Duration;

use crate::support::server::Server;
use crate::support::{raw_http, test_programs_p3, workspace};

/// A `POST /` to the probe that says a body of `declared` bytes and sends
/// `sent` of them.
fn post(declared: usize, sent: usize) -> Vec<u8> {
    let mut request = format!(
        "POST / HTTP/1.1\r\nHost: test\r\nx-probe: body\r\nconnection: close\r\n\
         content-length: {declared}\r\n\r\n"
    )
    .into_bytes();
    request.extend(std::iter::repeat_n(b'x', sent));
    request
}

#[test]
fn a_body_cut_short_is_seen_cut_and_a_whole_one_complete() {
    let probe = workspace().join("plugins/probe");
    let server = Server::start(
        &test_programs_p3(),
        &["--kv-memory", "--plugin", probe.to_str().expect("utf-8")],
    );
    let timeout = Duration::from_secs(10);

    let whole = raw_http::exchange(&server.address, &post(10, 10), timeout);
    assert_eq!(whole.status, 200, "{}\n{}", whole.text(), server.log());
    assert_eq!(whole.text(), "10 bytes, complete");

    // Before, the stream's end within the prefix was taken for the body's
    // end: these ten bytes of a thousand were "complete".
    let cut = raw_http::send_then_stop(&server.address, &post(1000, 10), timeout);
    assert_eq!(cut.status, 200, "{}\n{}", cut.text(), server.log());
    assert_eq!(cut.text(), "10 bytes, cut");
}
