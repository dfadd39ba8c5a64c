//! The hostile guests again, through `edge serve` and a raw HTTP client:
//! each ends with a 5xx, or a connection cut before the body's end, within
//! its limit plus 100 ms; the server's memory stays bounded, the next
//! request answers 200 and the server never panics.

use std::net::TcpListener;
use std::time::Duration;

use edge_test_programs::probes::{self, Ends};
use edge_test_programs::routes;

use crate::support;
use crate::support::server::Server;
use crate::support::{process, raw_http};

fn server(blackhole: &str) -> Server {
    server_of(&support::test_programs(), blackhole)
}

/// `edge serve` of `component` under the probes' limits.
fn server_of(component: &std::path::Path, blackhole: &str) -> Server {
    let timeout = probes::TIMEOUT.as_millis().to_string();
    let body_timeout = probes::BODY_TIMEOUT.as_millis().to_string();
    Server::start(
        component,
        &[
            "--kv-memory",
            "--timeout-ms",
            &timeout,
            "--body-timeout-ms",
            &body_timeout,
            "--allow-outbound",
            blackhole,
        ],
    )
}

/// The log line `edge serve` wrote for `path`.
fn log_line(server: &Server, path: &str) -> String {
    let start = format!("GET {path} ");
    let log = server.log_with(&start);
    log.lines()
        .find(|line| line.starts_with(&start))
        .unwrap_or_else(|| panic!("no log line for {path} in:\n{log}"))
        .to_owned()
}

#[test]
fn every_hostile_guest_ends_in_time_and_the_next_request_is_fine() {
    let blackhole = TcpListener::bind("127.0.0.1:0").expect("binds");
    let blackhole = blackhole.local_addr().expect("address").to_string();
    run_probes(&server(&blackhole), probes::hostile_guests(&blackhole));
}

/// The same through the WASI 0.3 build: a response whose guest leaves a
/// task running reaches the client whole, at once; the task ends at the
/// limit, and the log line says so.
#[test]
fn every_hostile_wasi_0_3_guest_ends_in_time_and_the_next_request_is_fine() {
    let blackhole = TcpListener::bind("127.0.0.1:0").expect("binds");
    let blackhole = blackhole.local_addr().expect("address").to_string();
    let server = server_of(&support::test_programs_p3(), &blackhole);
    run_probes(&server, probes::hostile_p3_guests(&blackhole));
}

/// Each probe ends as it must within its limit plus 100 ms, the next
/// request is fine, and the server neither panics nor grows past 512 MiB.
fn run_probes(server: &Server, probes: Vec<probes::Probe>) {
    for probe in probes {
        let res = raw_http::get(&server.address, &probe.path);
        eprintln!(
            "{}: {} in {:?}, {} body bytes, complete={}",
            probe.path, res.status, res.elapsed, res.body_len, res.complete
        );
        match probe.ends {
            Ends::Status(status) => {
                assert_eq!(res.status, status, "{}: {}", probe.path, res.text());
                assert!(res.complete, "{}: the error page is whole", probe.path);
            }
            Ends::Cut { sent_first } => {
                assert_eq!(res.status, 200, "{}: the guest's head went out", probe.path);
                assert!(!res.complete, "{} looks complete to the client", probe.path);
                assert!(
                    res.body_len >= sent_first,
                    "{}: {} body bytes arrived before the cut, expected {sent_first}",
                    probe.path,
                    res.body_len
                );
            }
            Ends::AnsweredThenStopped { status, body } => {
                assert_eq!(res.status, status, "{}: {}", probe.path, res.text());
                assert!(res.complete, "{}: the answer is whole", probe.path);
                assert_eq!(res.text(), body, "{}", probe.path);
                assert!(
                    res.elapsed < probe.limit / 2,
                    "{}: the answer waited {:?} for the guest's task",
                    probe.path,
                    res.elapsed
                );
            }
        }
        assert!(
            res.elapsed <= probe.limit + Duration::from_millis(100),
            "{} took {:?}, limit {:?}",
            probe.path,
            res.elapsed,
            probe.limit
        );
        let line = log_line(server, &probe.path);
        let reason = probe.served_reason.unwrap_or(probe.reason);
        assert!(line.contains(reason), "expected `{reason}` in {line}");
        assert_eq!(server.get(routes::HELLO), (200, "hello".to_owned()));
    }
    let peak = process::peak_rss_kib(server.pid());
    eprintln!("peak resident memory of edge serve: {} MiB", peak >> 10);
    assert!(peak < 512 << 10, "peak resident memory {} MiB", peak >> 10);
    // Guest output is relayed as `  [stderr] ...`; the host's own lines
    // must hold no panic.
    let log = server.log();
    let host_panics: Vec<&str> = log
        .lines()
        .filter(|line| !line.starts_with("  [std") && line.contains("panicked"))
        .collect();
    assert!(host_panics.is_empty(), "the server panicked:\n{log}");
    // A cut response is told once, on its request's line: no connection
    // error beside it.
    assert!(!log.contains("edge: connection from"), "{log}");
}

#[test]
fn no_request_sees_what_an_earlier_one_left() {
    let server = server("127.0.0.1:9");
    for _ in 0..3 {
        assert_eq!(server.get(routes::COUNTER), (200, "1".to_owned()));
    }
    let hex: String = b"correct horse battery staple 7f3a9c"
        .iter()
        .map(|b| format!("{:02x}", b ^ 0x5a))
        .collect();
    let found = server.get(&format!("{}?hex={hex}", routes::SECRET_LEAVE_AND_FIND));
    assert_eq!(found, (200, "found".to_owned()));
    // In turns, so that finding runs in pooled slots that held the secret.
    for _ in 0..20 {
        assert_eq!(
            server.get(&format!("{}?hex={hex}", routes::SECRET_LEAVE)).1,
            "left"
        );
        let later = server.get(&format!("{}?hex={hex}", routes::SECRET_FIND));
        assert_eq!(later, (200, "clean".to_owned()));
    }
}
