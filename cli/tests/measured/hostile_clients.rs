//! Hostile clients against `edge serve`: malformed requests, slowloris,
//! clients that leave mid-response or stop reading, and uploads over the
//! body limit.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use edge_test_programs::routes;

use crate::support;
use crate::support::server::Server;
use crate::support::{median, process, raw_http};

fn server(flags: &[&str]) -> Server {
    let mut all = vec!["--kv-memory"];
    all.extend_from_slice(flags);
    Server::start(&support::test_programs(), &all)
}

/// One malformed request of each kind, with the status `edge serve` must
/// answer; every target carries `probe=malformed`, so a guest call would
/// show in the log.
fn malformed_requests() -> Vec<(&'static str, u16, Vec<u8>)> {
    let big = "a".repeat(1 << 20);
    let many_headers: String = (0..10_000).map(|i| format!("x-h{i}: v\r\n")).collect();
    vec![
        (
            "bad request line",
            400,
            b"GE T /hello?probe=malformed HTTP/1.1\r\nHost: t\r\n\r\n".to_vec(),
        ),
        (
            "carriage return inside a header",
            400,
            b"GET /hello?probe=malformed HTTP/1.1\r\nHost: t\r\nX-Bad: one\rtwo\r\n\r\n".to_vec(),
        ),
        (
            "line feed inside a header",
            400,
            b"GET /hello?probe=malformed HTTP/1.1\r\nHost: t\r\nX-Bad: one\ntwo\r\n\r\n".to_vec(),
        ),
        (
            "1 MB header",
            431,
            format!("GET {}?probe=malformed HTTP/1.1\r\nHost: t\r\nX-Big: {big}\r\n\r\n", routes::HELLO)
                .into_bytes(),
        ),
        (
            "10,000 headers",
            431,
            format!("GET {}?probe=malformed HTTP/1.1\r\nHost: t\r\n{many_headers}\r\n", routes::HELLO)
                .into_bytes(),
        ),
        (
            "bad Content-Length",
            400,
            b"POST /hello?probe=malformed HTTP/1.1\r\nHost: t\r\nContent-Length: 12abc\r\n\r\nhello".to_vec(),
        ),
        (
            "two Content-Lengths",
            400,
            b"POST /hello?probe=malformed HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!".to_vec(),
        ),
        (
            "huge URL",
            431,
            format!("GET {}?probe=malformed&{big} HTTP/1.1\r\nHost: t\r\n\r\n", routes::HELLO).into_bytes(),
        ),
    ]
}

#[test]
fn a_thousand_malformed_requests_get_their_4xx_and_no_guest_call() {
    let _alone = support::alone();
    let server = server(&[]);
    let kinds = malformed_requests();
    let start = Instant::now();
    let mut answers = std::collections::BTreeMap::<(&str, u16), usize>::new();
    for i in 0..1000 {
        let (kind, expected, request) = &kinds[i % kinds.len()];
        let res = raw_http::exchange(&server.address, request, Duration::from_secs(10));
        assert_eq!(res.status, *expected, "{kind}: {:?}", res.text());
        *answers.entry((kind, res.status)).or_default() += 1;
    }
    eprintln!(
        "1,000 malformed requests in {:?}: {answers:?}",
        start.elapsed()
    );
    assert_eq!(server.get(routes::HELLO), (200, "hello".to_owned()));
    let log = server.log_with("GET /hello 200");
    assert!(
        !log.contains("probe=malformed"),
        "a guest was called:\n{log}"
    );
    assert!(!log.contains("panicked"), "{log}");
}

/// Opens a connection and sends a request head one header line every
/// 100 ms, never finishing it; returns how long until the server closed it.
fn slowloris(address: &str) -> Duration {
    let mut stream = TcpStream::connect(address).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_millis(100)))
        .expect("timeout");
    let start = Instant::now();
    let _ = stream.write_all(b"GET /hello HTTP/1.1\r\nHost: t\r\n");
    let mut buffer = [0u8; 1024];
    for i in 0.. {
        match stream.read(&mut buffer) {
            Ok(_) => return start.elapsed(),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(_) => return start.elapsed(),
        }
        if stream
            .write_all(format!("x-slow-{i}: y\r\n").as_bytes())
            .is_err()
        {
            return start.elapsed();
        }
        assert!(start.elapsed() < Duration::from_secs(30), "never closed");
    }
    unreachable!()
}

fn hello_latencies(server: &Server, n: usize) -> Vec<Duration> {
    (0..n)
        .map(|_| {
            let res = raw_http::get(&server.address, routes::HELLO);
            assert_eq!(res.status, 200);
            res.elapsed
        })
        .collect()
}

#[test]
fn slowloris_connections_are_closed_while_normal_requests_keep_their_latency() {
    let _alone = support::alone();
    let header_timeout = Duration::from_millis(1000);
    let server = server(&["--header-timeout-ms", "1000"]);
    let before = hello_latencies(&server, 50);
    let attackers: Vec<_> = (0..50)
        .map(|_| {
            let address = server.address.clone();
            std::thread::spawn(move || slowloris(&address))
        })
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    let during = hello_latencies(&server, 50);
    let closed: Vec<Duration> = attackers
        .into_iter()
        .map(|a| a.join().expect("attacker"))
        .collect();
    let slowest = closed.iter().max().copied().unwrap_or_default();
    eprintln!(
        "p50 of /hello before {:?}, during 50 slowloris connections {:?} (max {:?}); \
         slowloris closed after {:?} at most",
        median(before.clone()),
        median(during.clone()),
        during.iter().max(),
        slowest
    );
    assert!(
        closed.iter().all(|&c| c >= header_timeout / 2),
        "closed too early: {closed:?}"
    );
    assert!(
        slowest <= header_timeout + Duration::from_millis(500),
        "slowloris held on for {slowest:?}"
    );
    // Served beside the attack, not after it: each answered well within
    // the time the attackers were held open.
    assert!(
        during.iter().all(|&d| d < header_timeout / 2),
        "normal requests waited: {during:?}"
    );
    // And at about their usual speed: the median, compared within this
    // run, with room for a busy machine.
    let (before, during) = (median(before), median(during));
    assert!(
        during <= before * 3 + Duration::from_millis(2),
        "p50 {before:?} before the attack, {during:?} during it"
    );
    let log = server.log_with("too slow sending a request");
    assert!(log.contains("too slow sending a request; closed"), "{log}");
}

/// Asks for the 1 GiB body and reads its first `bytes` (head included).
fn start_big_download(server: &Server, bytes: usize) -> TcpStream {
    let mut stream = TcpStream::connect(&server.address).expect("connects");
    stream
        .write_all(b"GET /body-1gib HTTP/1.1\r\nHost: t\r\n\r\n")
        .expect("sends");
    let mut first = vec![0u8; bytes];
    stream.read_exact(&mut first).expect("the response starts");
    stream
}

#[test]
fn a_client_leaving_mid_response_costs_a_log_line_and_nothing_else() {
    let _alone = support::alone();
    let server = server(&["--body-timeout-ms", "20000"]);
    let stream = start_big_download(&server, 1 << 20);
    let left = Instant::now();
    drop(stream);
    let log = server.log_with("GET /body-1gib 200");
    let line = log
        .lines()
        .find(|l| l.starts_with("GET /body-1gib 200"))
        .unwrap_or_else(|| panic!("no log line:\n{log}"));
    eprintln!(
        "after the client left: {line} (logged {:?} later)",
        left.elapsed()
    );
    assert!(
        line.contains("(response not finished: the connection ended after"),
        "{line}"
    );
    // That line is all the host says after its start (what it serves and
    // how many at once): no connection
    // error besides it.
    let host_lines: Vec<&str> = log
        .lines()
        .filter(|l| {
            !l.starts_with("  [")
                && !l.starts_with("edge: up to ")
                && !l.starts_with("edge: the app speaks ")
        })
        .collect();
    assert_eq!(host_lines, [line], "{log}");
    assert!(!log.contains("panicked"), "{log}");
    assert_eq!(server.get(routes::HELLO), (200, "hello".to_owned()));
    // The guest stopped when its client left, long before its 20 s limit.
    assert!(left.elapsed() < Duration::from_secs(5), "{line}");
}

#[test]
fn a_client_that_stops_reading_is_closed_after_the_write_timeout() {
    let _alone = support::alone();
    let server = server(&["--body-timeout-ms", "20000", "--write-timeout-ms", "1000"]);
    let mut stream = start_big_download(&server, 64 << 10);
    let stopped = Instant::now();
    let log = server.log_with("read nothing for");
    let closed_after = stopped.elapsed();
    assert!(
        log.contains("the client read nothing for 1000 ms (edge serve --write-timeout-ms); closed"),
        "{log}"
    );
    // What the kernel had buffered still arrives, then the end: the
    // connection is gone, not waiting.
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let mut drained = 0usize;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => drained += n,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(e) => panic!("the connection should be closed, got {e} after {drained} bytes"),
        }
    }
    eprintln!(
        "a client that stopped reading: closed {closed_after:?} later; {drained} buffered bytes then the end"
    );
    assert!(
        closed_after < Duration::from_millis(2000),
        "closed {closed_after:?} after the client stopped reading, with a 1 s limit"
    );
    let log = server.log_with("GET /body-1gib 200");
    assert!(
        log.contains("GET /body-1gib 200"),
        "the request is logged: {log}"
    );
    assert!(!log.contains("panicked"), "{log}");
    assert_eq!(server.get(routes::HELLO), (200, "hello".to_owned()));
}

#[test]
fn a_client_reading_slowly_but_steadily_is_not_cut_by_the_write_timeout() {
    let _alone = support::alone();
    let server = server(&["--body-timeout-ms", "20000", "--write-timeout-ms", "1000"]);
    let mut stream = start_big_download(&server, 64 << 10);
    let start = Instant::now();
    let mut buf = vec![0u8; 1 << 20];
    let mut received = 0usize;
    while start.elapsed() < Duration::from_millis(2500) {
        std::thread::sleep(Duration::from_millis(100));
        stream.read_exact(&mut buf).expect("the body keeps coming");
        received += buf.len();
    }
    eprintln!(
        "a steady reader: {} MiB in {:?}, still connected",
        received >> 20,
        start.elapsed()
    );
    assert!(!server.log().contains("read nothing"), "{}", server.log());
}

#[test]
fn a_declared_body_over_the_limit_is_refused_without_calling_the_guest() {
    let _alone = support::alone();
    let server = server(&["--max-request-body-mib", "1"]);
    let res = raw_http::exchange(
        &server.address,
        b"POST /discard?probe=declared HTTP/1.1\r\nHost: t\r\nContent-Length: 10737418240\r\n\r\n",
        Duration::from_secs(10),
    );
    assert_eq!(res.status, 413, "{}", res.text());
    let log = server.log_with("POST /discard?probe=declared 413");
    assert!(
        log.contains("exceeds the host's limit of 1048576 bytes"),
        "{log}"
    );
    assert!(
        log.contains("--max-request-body-mib"),
        "the fix is named: {log}"
    );
}

/// Streams `total` bytes as a chunked upload to `/discard` while reading
/// the answer; returns it.
fn chunked_upload(address: &str, total: u64) -> raw_http::RawResponse {
    let stream = TcpStream::connect(address).expect("connects");
    let mut writer = stream.try_clone().expect("clone");
    let start = Instant::now();
    let sender = std::thread::spawn(move || {
        let _ = writer
            .write_all(b"POST /discard HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
        let chunk = vec![b'u'; 1 << 20];
        let mut sent = 0;
        while sent < total {
            let head = format!("{:x}\r\n", chunk.len());
            let wrote = writer.write_all(head.as_bytes()).is_ok()
                && writer.write_all(&chunk).is_ok()
                && writer.write_all(b"\r\n").is_ok();
            if !wrote {
                return;
            }
            sent += chunk.len() as u64;
        }
        let _ = writer.write_all(b"0\r\n\r\n");
    });
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    let res = raw_http::read_response(stream, start);
    let _ = sender.join();
    res
}

#[test]
fn a_streamed_upload_over_the_limit_gets_413_with_bounded_memory() {
    let _alone = support::alone();
    // Time enough to read 64 MiB on a slow or busy machine: the deadline is
    // not what this test is about (on a loaded 2-core machine the debug
    // server took over a second and answered 504).
    let server = server(&["--max-request-body-mib", "64", "--timeout-ms", "10000"]);
    let within = chunked_upload(&server.address, 32 << 20);
    assert_eq!(within.status, 200);
    assert_eq!(within.text(), format!("read {} bytes", 32 << 20));

    let over = chunked_upload(&server.address, 256 << 20);
    eprintln!(
        "256 MiB upload against a 64 MiB limit: {} after {:?}",
        over.status, over.elapsed
    );
    assert_eq!(over.status, 413, "{}", over.text());
    let log = server.log_with("POST /discard 413");
    assert!(
        log.contains("exceeds the host's limit of 67108864 bytes"),
        "{log}"
    );

    let peak = process::peak_rss_kib(server.pid());
    eprintln!("peak resident memory of edge serve: {} MiB", peak >> 10);
    assert!(
        peak < 128 << 10,
        "the upload was buffered: peak {} MiB",
        peak >> 10
    );
    assert_eq!(server.get(routes::HELLO), (200, "hello".to_owned()));
}
