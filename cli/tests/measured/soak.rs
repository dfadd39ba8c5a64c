//! A soak: mixed requests (good, failing, trapping, cut, with bodies) on
//! fresh connections against one `edge serve`; its resident memory and
//! open file descriptors must stay flat.
//!
//! 10,000 requests by default; `EDGE_LONG_PROBES=1` runs the issue's
//! 100,000.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use edge_test_programs::routes;

use crate::support;
use crate::support::server::Server;
use crate::support::{process, raw_http};

/// The mix, cycled: mostly good requests, some of every failure.
const MIX: [(&str, &str); 10] = [
    ("GET", routes::HELLO),
    ("GET", routes::HELLO),
    ("GET", routes::KV),
    ("GET", "/nope"),
    ("GET", routes::COUNTER),
    ("POST", routes::DISCARD),
    ("GET", routes::PANIC),
    ("GET", routes::PANIC_AFTER_HEAD),
    ("GET", routes::CONFIG),
    ("GET", routes::ALLOC),
];

fn request(i: usize) -> Vec<u8> {
    let (method, target) = MIX[i % MIX.len()];
    let body = if method == "POST" {
        "x".repeat(4096)
    } else {
        String::new()
    };
    format!(
        "{method} {target} HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Sends `count` requests from 4 client threads; returns how many got an
/// answer the mix expects.
fn run(address: &str, count: usize, offset: usize) -> usize {
    let next = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let (address, next) = (address.to_owned(), next.clone());
            std::thread::spawn(move || {
                let mut fine = 0;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count {
                        return fine;
                    }
                    let res =
                        raw_http::exchange(&address, &request(offset + i), Duration::from_secs(10));
                    let expected = match MIX[(offset + i) % MIX.len()].1 {
                        "/nope" => res.status == 404,
                        routes::PANIC | routes::ALLOC => res.status == 500,
                        routes::PANIC_AFTER_HEAD => res.status == 200 && !res.complete,
                        _ => res.status == 200 && res.complete,
                    };
                    if expected {
                        fine += 1;
                    }
                }
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().expect("client")).sum()
}

#[test]
fn memory_and_file_descriptors_stay_flat() {
    let _alone = support::alone();
    let total = if support::long_probes() {
        100_000
    } else {
        10_000
    };
    let server = Server::start(&support::test_programs(), &["--kv-memory"]);
    let pid = server.pid();
    let start = Instant::now();
    let warm_up = total / 10;
    assert_eq!(run(&server.address, warm_up, 0), warm_up);
    // Connections close as the server notices the clients' ends.
    std::thread::sleep(Duration::from_millis(200));
    let (rss_warm, fds_warm) = (process::rss_kib(pid), process::open_fds(pid));
    eprintln!("after {warm_up:>6} requests: {rss_warm} KiB resident, {fds_warm} fds");
    let step = (total - warm_up) / 9;
    let mut done = warm_up;
    while done < total {
        let n = step.min(total - done);
        assert_eq!(run(&server.address, n, done), n, "every answer as expected");
        done += n;
        std::thread::sleep(Duration::from_millis(200));
        eprintln!(
            "after {done:>6} requests: {} KiB resident, {} fds",
            process::rss_kib(pid),
            process::open_fds(pid)
        );
    }
    let (rss_end, fds_end) = (process::rss_kib(pid), process::open_fds(pid));
    let elapsed = start.elapsed();
    eprintln!(
        "{total} requests in {elapsed:?} ({:.0}/s); resident {rss_warm} -> {rss_end} KiB, fds {fds_warm} -> {fds_end}",
        total as f64 / elapsed.as_secs_f64()
    );
    assert!(
        fds_end <= fds_warm + 2,
        "file descriptors grew: {fds_warm} -> {fds_end}"
    );
    assert!(
        rss_end <= rss_warm + (16 << 10),
        "resident memory grew: {rss_warm} -> {rss_end} KiB"
    );
}
