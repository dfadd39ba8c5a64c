//! Instance reuse, the opt-in of a WASI 0.3 app (`instance-reuse`,
//! `instance-concurrency`): what it gives up (requests on one instance
//! see what earlier ones left; a trap or a request past its limit ends
//! the instance), and what still holds (each request's own limit; the
//! next instance starts clean).

use std::time::{Duration, Instant};

use edge_harness::runtime::WasiHttpVersion;
use edge_harness::{LimitSettings, TestApp};
use edge_test_programs::routes;

fn test_programs() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-programs")
}

fn reused(reuse: u64, concurrency: u64) -> TestApp {
    TestApp::builder()
        .wasi(WasiHttpVersion::P3)
        .limits(LimitSettings {
            instance_reuse: Some(reuse),
            instance_concurrency: Some(concurrency),
            timeout_ms: Some(500),
            body_timeout_ms: Some(1000),
            ..LimitSettings::default()
        })
        .package(test_programs())
        .expect("test programs build for 0.3 and load")
}

fn counts(app: &TestApp, n: usize) -> Vec<String> {
    (0..n)
        .map(|_| app.get(routes::COUNTER).send().expect("a response").text())
        .collect()
}

#[test]
fn a_reused_instance_keeps_its_statics_for_so_many_requests() {
    let app = reused(3, 1);
    assert_eq!(counts(&app, 7), ["1", "2", "3", "1", "2", "3", "1"]);
}

#[test]
fn without_reuse_every_request_starts_clean() {
    let app = reused(1, 1);
    assert_eq!(counts(&app, 3), ["1", "1", "1"]);
}

#[test]
fn a_trap_ends_the_instance_and_the_next_one_starts_clean() {
    let app = reused(10, 1);
    assert_eq!(counts(&app, 2), ["1", "2"]);
    let panic = app.get(routes::PANIC).send().expect("a response");
    assert_eq!(panic.status(), 500, "{:?}", panic.failure());
    assert_eq!(counts(&app, 2), ["1", "2"]);
}

#[test]
fn a_request_past_its_limit_is_stopped_at_it_and_the_next_is_fine() {
    let app = reused(10, 1);
    let start = Instant::now();
    let spin = app.get(routes::SPIN).send().expect("a response");
    assert_eq!(spin.status(), 504);
    assert!(
        start.elapsed() < Duration::from_millis(500 + 300),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(
        app.get(routes::HELLO).send().expect("a response").text(),
        "hello"
    );
}

#[test]
fn a_task_left_running_holds_neither_the_answer_nor_the_next_request() {
    let app = reused(2, 1);
    let start = Instant::now();
    let res = app
        .get(routes::P3_LINGERING_TASK)
        .send()
        .expect("a response");
    assert_eq!(res.text(), "done");
    // The instance is idle with the task in it; the next request gets it,
    // then the instance ends (its two requests served) within the limit.
    assert_eq!(
        app.get(routes::HELLO).send().expect("a response").text(),
        "hello"
    );
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(counts(&app, 1), ["1"], "a new instance");
}

#[test]
fn reuse_is_refused_for_a_0_2_component_with_the_way_out() {
    let err = TestApp::builder()
        .wasi(WasiHttpVersion::P2)
        .limits(LimitSettings {
            instance_reuse: Some(4),
            ..LimitSettings::default()
        })
        .package(test_programs())
        .err()
        .expect("refused");
    let text = format!("{err:#}");
    assert!(
        text.contains("instance-reuse and instance-concurrency are for WASI 0.3 components"),
        "{text}"
    );
}
