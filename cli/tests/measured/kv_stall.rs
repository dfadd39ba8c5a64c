//! Two guests flooding the SQLite key-value store must not stall a cheap
//! route: key-value calls run off the async workers and end at the
//! request's deadline. It runs alone (`support::alone`), so that no other
//! test's load skews the latencies it compares.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use edge_test_programs::routes;

use crate::support;
use crate::support::server::Server;
use crate::support::{median, raw_http, sqlite_server};

fn hello_p50(server: &Server, n: usize) -> Duration {
    let samples = (0..n)
        .map(|_| {
            let res = raw_http::get(&server.address, routes::HELLO);
            assert_eq!(res.status, 200, "{}", res.text());
            res.elapsed
        })
        .collect();
    median(samples)
}

#[test]
fn key_value_floods_never_stall_a_cheap_route() {
    let _alone = support::alone();
    let (server, _) = sqlite_server("kv-flood", "500", &[]);
    let before = hello_p50(&server, 40);
    let stop = Arc::new(AtomicBool::new(false));
    let floods: Vec<_> = (0..2)
        .map(|_| {
            let address = server.address.clone();
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut slowest = Duration::ZERO;
                let mut answers = 0;
                while !stop.load(Ordering::Relaxed) {
                    let target = format!("{}?n=4000", routes::KV_FLOOD);
                    let res = raw_http::get(&address, &target);
                    assert_eq!(res.status, 504, "{}", res.text());
                    slowest = slowest.max(res.elapsed);
                    answers += 1;
                }
                (answers, slowest)
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let during = hello_p50(&server, 40);
    stop.store(true, Ordering::Relaxed);
    for flood in floods {
        let (answers, slowest) = flood.join().expect("the flood thread");
        eprintln!("flood: {answers} answers of 504, slowest {slowest:?}");
        assert!(answers >= 1);
        assert!(
            slowest <= Duration::from_millis(600),
            "a flood's 504 took {slowest:?} for a 500 ms limit"
        );
    }
    eprintln!("/hello p50 {before:?} unloaded, {during:?} during two key-value floods");
    assert!(
        during <= before * 3 + Duration::from_millis(1),
        "p50 {during:?} during the floods, {before:?} before"
    );
}
