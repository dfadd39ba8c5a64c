//! KV crash safety: `edge serve` acknowledging sequential writes is killed
//! with SIGKILL at random moments; afterwards every acknowledged write is
//! there and SQLite's integrity check passes.
//!
//! 100 kills, as the issue asks; `EDGE_LONG_PROBES=1` runs 1,000.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use edge_test_programs::routes;

use crate::support;
use crate::support::raw_http;
use crate::support::server::Server;

/// A small xorshift generator: random enough for kill moments, seeded
/// from the clock and printed so a failing run can be replayed.
struct Moments(u64);

impl Moments {
    fn next_ms(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

/// Writes `k{n}` for n = `first`, `first + 1`, ... until the server stops
/// answering; returns the numbers it acknowledged.
fn write_until_killed(address: String, first: u64, stop: Arc<AtomicBool>) -> Vec<u64> {
    let mut acknowledged = Vec::new();
    for n in first.. {
        if stop.load(Ordering::Acquire) {
            break;
        }
        let res = raw_http::exchange(
            &address,
            format!(
                "GET {}?n={n} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
                routes::KV_PUT
            )
            .as_bytes(),
            Duration::from_secs(10),
        );
        if res.status != 200 || res.text() != format!("stored k{n}") {
            break;
        }
        acknowledged.push(n);
    }
    acknowledged
}

#[test]
fn no_acknowledged_write_is_lost_to_sigkill() {
    let rounds = if support::long_probes() { 1000 } else { 100 };
    let seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64 | 1);
    eprintln!("kill moments seeded with {seed}");
    let mut moments = Moments(seed);
    let dir = support::temp_dir("kv-crash");
    let file = dir.join("kv.sqlite");
    let file_flag = file.to_str().expect("utf-8 path");
    let component = support::test_programs();

    let mut acknowledged: Vec<u64> = Vec::new();
    let start = Instant::now();
    for _ in 0..rounds {
        let mut server = Server::start(&component, &["--kv-path", file_flag]);
        let stop = Arc::new(AtomicBool::new(false));
        let first = acknowledged.last().map_or(0, |n| n + 1);
        let writer = {
            let (address, stop) = (server.address.clone(), stop.clone());
            std::thread::spawn(move || write_until_killed(address, first, stop))
        };
        std::thread::sleep(Duration::from_millis(20 + moments.next_ms(300)));
        server.child.kill().expect("SIGKILL");
        let _ = server.child.wait();
        stop.store(true, Ordering::Release);
        acknowledged.extend(writer.join().expect("writer"));
    }
    eprintln!(
        "{rounds} SIGKILLs in {:?}; {} writes acknowledged",
        start.elapsed(),
        acknowledged.len()
    );
    assert!(
        acknowledged.len() >= rounds,
        "too few writes to prove anything"
    );

    let db = rusqlite::Connection::open(&file).expect("opens");
    let check: String = db
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("integrity check runs");
    assert_eq!(check, "ok");
    let mut present = db
        .prepare("SELECT value FROM kv WHERE store = 'default' AND key = ?1")
        .expect("prepares");
    let missing: Vec<u64> = acknowledged
        .iter()
        .copied()
        .filter(|n| {
            let value: Option<Vec<u8>> =
                present.query_row([format!("k{n}")], |row| row.get(0)).ok();
            value.as_deref() != Some(n.to_string().as_bytes())
        })
        .collect();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
}
