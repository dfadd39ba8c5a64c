//! A key-value batch cut by the request's deadline: the client gets its
//! 504 within 100 ms of the deadline, and the SQLite file holds none of
//! the batch (one transaction, rolled back). Among the measured tests: the
//! bound on the 504 is a latency.

use std::time::{Duration, Instant};

use edge_test_programs::routes;

use crate::support::{self, sqlite_server};

#[test]
fn a_batch_cut_by_its_deadline_leaves_nothing_written() {
    let _alone = support::alone();
    let (server, kv) = sqlite_server("kv-atomic", "300", &[]);
    let (status, text) = server.get(&format!("{}?n=1000", routes::KV_HUGE_BATCH));
    assert_eq!((status, text.as_str()), (200, "stored 1000 pairs"));
    let start = Instant::now();
    let (status, _) = server.get(&format!("{}?n=200000", routes::KV_HUGE_BATCH));
    let took = start.elapsed();
    assert_eq!(status, 504, "{}", server.log_with("kv-huge-batch?n=200000"));
    assert!(took < Duration::from_millis(400), "504 after {took:?}");
    server.stop();
    let db = rusqlite::Connection::open(&kv).expect("opens");
    let stored: i64 = db
        .query_row(
            "SELECT count(*) FROM kv WHERE key LIKE 'batch-%'",
            [],
            |row| row.get(0),
        )
        .expect("counts");
    assert_eq!(stored, 1000, "only the batch that finished was written");
    let reached: i64 = db
        .query_row(
            "SELECT count(*) FROM kv WHERE key = 'ready-for-batch-200000'",
            [],
            |row| row.get(0),
        )
        .expect("counts");
    assert_eq!(
        reached, 1,
        "the big batch reached the host before the deadline"
    );
}
