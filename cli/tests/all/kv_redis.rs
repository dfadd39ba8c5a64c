//! Key-value data in a real Redis shared by several `edge serve` nodes:
//! counts exact across nodes, quotas held by all, Redis down and back, a
//! Redis that never answers, a node killed mid-batch, floods and huge
//! listings.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use edge_harness::{Progress, build_package};
use edge_test_programs::routes;

use crate::support;
use crate::support::raw_http;
use crate::support::redis_server::RedisServer;
use crate::support::server::Server;

fn node(component: &std::path::Path, redis: &RedisServer, flags: &[&str]) -> Server {
    let url = redis.url();
    let mut all = vec!["--kv-url", url.as_str()];
    all.extend_from_slice(flags);
    Server::start(component, &all)
}

#[test]
fn three_nodes_count_visits_exactly() {
    let redis = RedisServer::start("redis-fleet");
    let visits = build_package(
        support::workspace().join("examples/visits"),
        Progress::Quiet,
    )
    .expect("visits builds");
    // Writes to one store take turns across the nodes: the debug host
    // needs more than the default second for 60 at once.
    let nodes: Vec<Server> = (0..3)
        .map(|_| node(&visits, &redis, &["--timeout-ms", "20000"]))
        .collect();
    let log = nodes[0].log_with("Redis at");
    assert!(
        log.contains("edge: key-value data in Redis at redis://127.0.0.1:"),
        "{log}"
    );

    let per_node = 20;
    let answers: Vec<String> = std::thread::scope(|scope| {
        let threads: Vec<_> = nodes
            .iter()
            .flat_map(|node| {
                (0..per_node)
                    .map(move |_| scope.spawn(move || raw_http::get(&node.address, "/").text()))
            })
            .collect();
        threads
            .into_iter()
            .map(|t| t.join().expect("a request"))
            .collect()
    });
    let mut numbers: Vec<u64> = answers
        .iter()
        .map(|a| {
            a.strip_prefix("visit ")
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("not a visit: {a:?}"))
        })
        .collect();
    numbers.sort_unstable();
    let n = 3 * per_node;
    assert_eq!(
        numbers,
        (1..=n).collect::<Vec<_>>(),
        "each visit counted once"
    );
    let (_, stats) = nodes[2].get("/stats");
    assert!(
        stats.contains(&format!("\"paths\":{{\"/\":{n}}}")),
        "{stats}"
    );
}

#[test]
fn a_quota_refused_on_one_node_is_refused_on_the_others() {
    let redis = RedisServer::start("redis-quota");
    let programs = support::test_programs();
    let flags = ["--kv-max-keys", "3"];
    let a = node(&programs, &redis, &flags);
    let b = node(&programs, &redis, &flags);
    for n in 0..3 {
        let (status, body) = a.get(&format!("{}?n={n}", routes::KV_PUT));
        assert_eq!(status, 200, "{body}\n{}", a.log_with("GET /kv-put"));
    }
    let (status, body) = b.get(&format!("{}?n=3", routes::KV_PUT));
    assert_eq!(status, 500, "{body}");
    let log = b.log_with("over its limit");
    assert!(
        log.contains("would hold 4 keys, over its limit of 3"),
        "{log}"
    );
    let (status, _) = a.get(&format!("{}?n=4", routes::KV_PUT));
    assert_eq!(status, 500);
    // Overwriting a key adds none: still allowed, on either node.
    assert_eq!(b.get(&format!("{}?n=1", routes::KV_PUT)).0, 200);
}

#[test]
fn redis_down_fails_the_store_call_by_name_and_back_it_serves_again() {
    let mut redis = RedisServer::start("redis-restart");
    let programs = support::test_programs();
    let server = node(&programs, &redis, &["--timeout-ms", "2000"]);
    assert_eq!(server.get(routes::KV), (200, "1".to_owned()));

    redis.stop();
    let start = Instant::now();
    let (status, body) = server.get(routes::KV);
    assert_eq!(status, 500, "{body}");
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
    let log = server.log_with("cannot be reached");
    assert!(
        log.contains("the key-value store `default`: Redis cannot be reached"),
        "{log}"
    );
    // Other requests are served meanwhile.
    assert_eq!(server.get(routes::HELLO), (200, "hello".to_owned()));

    redis.restart();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, body) = server.get(routes::KV);
        if status == 200 {
            // A fresh (empty) Redis: the count starts again.
            assert_eq!(body, "1");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "never reconnected: {status} {body}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_redis_that_never_answers_ends_the_call_at_the_deadline() {
    // Accepts connections and reads nothing back.
    let silent = TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!("redis://{}/0", silent.local_addr().expect("address"));
    let held = std::thread::spawn(move || {
        let mut kept = Vec::new();
        for stream in silent.incoming().take(8).flatten() {
            kept.push(stream);
        }
        std::thread::sleep(Duration::from_secs(30));
    });
    let server = Server::start(
        &support::test_programs(),
        &["--kv-url", &url, "--timeout-ms", "500"],
    );
    let start = Instant::now();
    let (status, _) = server.get(routes::KV);
    let took = start.elapsed();
    assert!(status >= 500, "{status}");
    assert!(
        took < Duration::from_secs(2),
        "ended at the deadline: {took:?}"
    );
    assert_eq!(server.get(routes::HELLO), (200, "hello".to_owned()));
    drop(held);
}

#[test]
fn credentials_in_the_url_never_reach_the_log() {
    let redis = RedisServer::start("redis-credentials");
    let url = redis.url().replace("redis://", "redis://edge:s3cret-pw@");
    let server = Server::start(&support::test_programs(), &["--kv-url", &url]);
    // The server has no such user: the call fails, and says so.
    let (status, _) = server.get(routes::KV);
    assert_eq!(status, 500);
    let log = server.log_with("GET /kv");
    assert!(log.contains("redis://***@127.0.0.1:"), "{log}");
    assert!(!log.contains("s3cret-pw"), "{log}");
}

/// The Redis key of the default store's values.
const DEFAULT_DATA: &str = "edge:kv:s64656661756c74:data";

#[test]
fn a_store_keeps_to_its_own_keys() {
    let redis = RedisServer::start("redis-namespace");
    let server = node(&support::test_programs(), &redis, &[]);
    assert_eq!(server.get(routes::KV_BATCH).0, 200);
    let keys = redis.command(&["KEYS", "*"]);
    for line in keys
        .lines()
        .filter(|l| l.starts_with("edge") || l.contains(':'))
    {
        assert!(
            line.starts_with("edge:kv:s64656661756c74:"),
            "a key outside the default store's prefix: {line} in {keys:?}"
        );
    }
    assert!(keys.contains(DEFAULT_DATA), "{keys:?}");
}

#[test]
fn a_node_killed_during_a_batch_leaves_all_of_it_or_none() {
    let redis = RedisServer::start("redis-killed-batch");
    let programs = support::test_programs();
    let mut victim = node(&programs, &redis, &["--timeout-ms", "30000"]);
    let n = 400;
    let address = victim.address.clone();
    let batch = std::thread::spawn(move || {
        raw_http::get(&address, &format!("{}?n={n}", routes::KV_HUGE_BATCH)).status
    });
    // The batch starts once its marker is stored; then the node dies.
    let ready = format!("ready-for-batch-{n}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !redis
        .command(&["HEXISTS", DEFAULT_DATA, &ready])
        .starts_with(":1")
    {
        assert!(Instant::now() < deadline, "the batch never started");
        std::thread::sleep(Duration::from_millis(1));
    }
    victim.child.kill().expect("kills the node");
    let _ = victim.child.wait();
    let _ = batch.join();
    let held = redis.command(&["HLEN", DEFAULT_DATA]);
    let count: u64 = held
        .trim()
        .trim_start_matches(':')
        .parse()
        .unwrap_or_else(|_| panic!("HLEN answered {held:?}"));
    assert!(
        count == 1 || count == n + 1,
        "the marker and none or all of the {n} pairs, found {count}"
    );
    // The dead node's lock runs out (2 s); another node writes again.
    let other = node(&programs, &redis, &["--timeout-ms", "5000"]);
    assert_eq!(other.get(routes::KV).0, 200);
}

#[test]
fn a_flood_of_batches_leaves_other_requests_served() {
    let redis = RedisServer::start("redis-flood");
    let server = node(&support::test_programs(), &redis, &["--timeout-ms", "500"]);
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    raw_http::get(&server.address, &format!("{}?n=50", routes::KV_FLOOD));
                }
            });
        }
        std::thread::sleep(Duration::from_millis(300));
        for _ in 0..10 {
            let res = raw_http::get(&server.address, routes::HELLO);
            assert_eq!(res.status, 200);
            assert!(res.elapsed < Duration::from_secs(2), "{:?}", res.elapsed);
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
    });
    // The floods in flight end at their deadline (500 ms) and give the
    // store's lock back: it takes writes again.
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let (status, body) = server.get(routes::KV);
        if status == 200 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the store stayed locked: {status} {body}"
        );
    }
}

#[test]
fn a_value_written_through_one_node_is_read_through_another() {
    let redis = RedisServer::start("redis-shared-read");
    let programs = support::test_programs();
    let a = node(&programs, &redis, &[]);
    let b = node(&programs, &redis, &[]);
    assert_eq!(
        b.get(&format!("{}?n=2", routes::KV_GETS)),
        (200, "found 0".to_owned())
    );
    assert_eq!(a.get(&format!("{}?n=0", routes::KV_PUT)).0, 200);
    assert_eq!(
        b.get(&format!("{}?n=2", routes::KV_GETS)),
        (200, "found 2".to_owned())
    );
}

/// The Redis key of the default store's listing.
const DEFAULT_INDEX: &str = "edge:kv:s64656661756c74:index";

#[test]
fn a_huge_keys_listing_ends_at_the_deadline_and_leaves_other_requests_served() {
    let redis = RedisServer::start("redis-huge-listing");
    let keys = 300_000;
    let planted = redis.command(&[
        "EVAL",
        "for i = 1, tonumber(ARGV[1]) do \
           redis.call('hset', KEYS[1], 'k' .. i, 'v'); \
           redis.call('zadd', KEYS[2], 0, 'k' .. i) end return 1",
        "2",
        DEFAULT_DATA,
        DEFAULT_INDEX,
        &keys.to_string(),
    ]);
    assert_eq!(planted.trim(), ":1", "{planted}");
    let server = node(&support::test_programs(), &redis, &["--timeout-ms", "1000"]);
    std::thread::scope(|scope| {
        let listings: Vec<_> = (0..2)
            .map(|_| scope.spawn(|| raw_http::get(&server.address, routes::KV_LIST)))
            .collect();
        std::thread::sleep(Duration::from_millis(200));
        for _ in 0..5 {
            let res = raw_http::get(&server.address, routes::HELLO);
            assert_eq!(res.status, 200);
            assert!(res.elapsed < Duration::from_secs(2), "{:?}", res.elapsed);
        }
        for listing in listings {
            let res = listing.join().expect("a listing");
            // Each page is one bounded call: the whole walk either fits
            // the request's second or is cut by it.
            assert!(
                res.elapsed < Duration::from_secs(3),
                "the listing outlived its deadline: {:?}",
                res.elapsed
            );
            assert!(
                res.status >= 500 || res.text() == format!("listed {keys}"),
                "{} {}",
                res.status,
                res.text()
            );
        }
    });
    // A smaller store lists whole, within the same limit.
    let small = RedisServer::start("redis-small-listing");
    let server = node(&support::test_programs(), &small, &["--timeout-ms", "5000"]);
    assert_eq!(server.get(routes::KV_BATCH).0, 200);
    assert_eq!(server.get(routes::KV_LIST), (200, "listed 1".to_owned()));
}

#[test]
fn a_small_read_that_would_amplify_a_value_is_refused_before_redis_sends_it() {
    let redis = RedisServer::start("redis-amplify");
    let server = node(
        &support::test_programs(),
        &redis,
        &["--max-host-call-mib", "4"],
    );
    // Five keys: a small read, answered by one script in Redis.
    let (status, text) = server.get(&format!("{}?kib=1024&times=5", routes::KV_AMPLIFY));
    assert_eq!(status, 200);
    assert!(
        text.contains("add up to more than the 4194304 bytes one host call may return"),
        "{text}"
    );
    assert_eq!(
        server.get(&format!("{}?kib=1024&times=4", routes::KV_AMPLIFY)),
        (200, "read 4194304 bytes".to_owned())
    );
}

#[test]
fn a_store_name_cannot_reach_another_stores_keys() {
    let redis = RedisServer::start("redis-store-names");
    // Names granted on purpose that look like another store's Redis keys.
    let tricky = ["a", "a:data", "s61:data", "default:data", "../default"];
    let mut flags = Vec::new();
    for name in &tricky {
        flags.extend(["--kv-store", name]);
    }
    let server = node(&support::test_programs(), &redis, &flags);
    let named = |name: &str| {
        let escaped: String = name.bytes().map(|b| format!("%{b:02X}")).collect();
        server.get(&format!("{}?store={escaped}", routes::KV_NAMED))
    };
    for name in ["default"].iter().chain(&tricky) {
        assert_eq!(named(name), (200, format!("{name}: owner={name}")));
    }
    // Each wrote over nobody: every store still reads its own name.
    for name in ["default"].iter().chain(&tricky) {
        assert_eq!(named(name).1, format!("{name}: owner={name}"));
        let hex: String = name.bytes().map(|b| format!("{b:02x}")).collect();
        let data = format!("edge:kv:s{hex}:data");
        let held = redis.command(&["HGET", &data, "owner"]);
        assert!(held.ends_with(&format!("{name}\r\n")), "{data}: {held:?}");
    }
    // A store not granted stays closed, whatever its name says.
    for name in ["b", "default\0", "a:data:x", ""] {
        let (status, text) = named(name);
        assert_eq!(status, 200);
        if name.is_empty() {
            // The empty name is the default store's other name.
            assert_eq!(text, ": owner=");
        } else {
            assert!(
                text.contains("has no key-value store named"),
                "{name:?}: {text}"
            );
        }
    }
}
