//! The proxy against mock origins: rewriting, streaming, fan-out
//! concurrency, and each way the origin can fail.

use std::time::{Duration, Instant};

use edge_harness::{LimitSettings, MockResponse, OutboundOutcome, TestApp, TestAppBuilder};
use serde_json::{Value, json};

type TestResult = Result<(), edge_harness::Error>;

fn builder() -> TestAppBuilder {
    TestApp::builder().config("origin", "https://origin.example.com")
}

#[test]
fn forwards_the_request_and_rewrites_the_json_answer() -> TestResult {
    let app = builder()
        .mock("origin.example.com", |req| {
            assert_eq!(req.path(), "/users/1");
            assert_eq!(req.query(), Some("full=yes"));
            assert_eq!(req.header("x-forwarded-host"), Some("localhost"));
            assert_eq!(req.header("accept"), Some("application/json"));
            MockResponse::json(&json!({ "name": "Ada", "internal_id": 991 }))
                .header("x-internal-shard", "7")
                .header("server", "origin/1.0")
                .header("cache-control", "max-age=60")
        })
        .package(env!("CARGO_MANIFEST_DIR"))?;
    let res = app
        .get("/users/1?full=yes")
        .header("accept", "application/json")
        .send()?;
    assert_eq!(res.status(), 200, "{}", res.stderr());
    assert_eq!(
        res.json::<Value>()?,
        json!({ "name": "Ada", "served_by": "edge" })
    );
    assert_eq!(res.header("x-edge-proxy"), Some("1"));
    assert_eq!(res.header("cache-control"), Some("max-age=60"));
    assert!(res.header("x-internal-shard").is_none() && res.header("server").is_none());

    let sent = app.outbound();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].uri, "https://origin.example.com/users/1?full=yes");
    assert_eq!(sent[0].outcome, OutboundOutcome::Mocked);
    Ok(())
}

#[test]
fn forwards_the_method_and_body() -> TestResult {
    let app = builder()
        .mock("origin.example.com", |req| {
            MockResponse::text(format!("{} {}", req.method(), req.text())).status(201)
        })
        .package(env!("CARGO_MANIFEST_DIR"))?;
    let res = app.post("/items").body("a new item").send()?;
    assert_eq!(res.status(), 201);
    assert_eq!(res.text(), "POST a new item");
    assert_eq!(&app.outbound()[0].body[..], b"a new item");
    Ok(())
}

#[test]
fn streams_a_100_mib_body_through_32_mib_of_guest_memory() -> TestResult {
    let big: Vec<u8> = (0..100u32 << 20).map(|i| (i % 253) as u8).collect();
    let expected = big.clone();
    let app = builder()
        .limits(LimitSettings {
            max_memory_mib: Some(32),
            ..LimitSettings::default()
        })
        .max_response_body(128 << 20)
        .mock("origin.example.com", move |_| {
            MockResponse::new(200)
                .header("content-type", "application/octet-stream")
                .body(big.clone())
        })
        .package(env!("CARGO_MANIFEST_DIR"))?;
    let res = app.get("/big.bin").send()?;
    assert_eq!(res.status(), 200, "{:?} {}", res.failure(), res.stderr());
    assert!(res.is_complete(), "{:?}", res.failure());
    assert_eq!(res.bytes().len(), expected.len());
    assert!(res.bytes() == &expected[..], "the body changed on the way");
    Ok(())
}

fn backends(builder: TestAppBuilder, delays_ms: [u64; 3]) -> TestAppBuilder {
    ["a", "b", "c"]
        .into_iter()
        .zip(delays_ms)
        .fold(builder, |builder, (name, delay)| {
            builder.mock(format!("{name}.backend.example.com"), move |_| {
                MockResponse::text(format!("from {name}")).delay(Duration::from_millis(delay))
            })
        })
}

#[test]
fn fans_out_to_three_200ms_backends_in_about_200ms() -> TestResult {
    let app = backends(builder(), [200, 200, 200]).package(env!("CARGO_MANIFEST_DIR"))?;
    app.get("/fanout").send()?; // warm up: compile caches, first instance
    let start = Instant::now();
    let res = app.get("/fanout").send()?;
    let elapsed = start.elapsed();
    assert_eq!(
        res.json::<Value>()?,
        json!({ "a": "from a", "b": "from b", "c": "from c" })
    );
    assert!(elapsed >= Duration::from_millis(200), "{elapsed:?}");
    assert!(
        elapsed < Duration::from_millis(450),
        "three 200 ms backends took {elapsed:?}: not concurrent"
    );
    Ok(())
}

#[test]
fn takes_the_first_backend_to_answer() -> TestResult {
    let app = backends(builder(), [300, 20, 200]).package(env!("CARGO_MANIFEST_DIR"))?;
    let start = Instant::now();
    let res = app.get("/fastest").send()?;
    assert_eq!(res.text(), "b: from b");
    assert!(
        start.elapsed() < Duration::from_millis(250),
        "{:?}",
        start.elapsed()
    );
    Ok(())
}

#[test]
fn a_refused_origin_is_a_502() -> TestResult {
    let app = builder()
        .mock("origin.example.com", |_| MockResponse::refused())
        .package(env!("CARGO_MANIFEST_DIR"))?;
    let res = app.get("/").send()?;
    assert_eq!(res.status(), 502);
    assert_eq!(res.text(), "the origin is unreachable (ConnectionRefused)");
    assert!(
        res.stderr().contains("connection refused"),
        "{}",
        res.stderr()
    );
    Ok(())
}

#[test]
fn a_slow_origin_is_a_504_after_the_first_byte_timeout() -> TestResult {
    let app = builder()
        .config("origin-timeout-ms", "100")
        .mock("origin.example.com", |_| {
            MockResponse::text("late").delay(Duration::from_secs(3))
        })
        .package(env!("CARGO_MANIFEST_DIR"))?;
    let start = Instant::now();
    let res = app.get("/").send()?;
    assert_eq!(res.status(), 504);
    assert_eq!(res.text(), "the origin is unreachable (Timeout)");
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    Ok(())
}

#[test]
fn an_origin_that_never_answers_times_out() -> TestResult {
    let app = builder()
        .config("origin-timeout-ms", "50")
        .mock("origin.example.com", |_| MockResponse::timeout())
        .package(env!("CARGO_MANIFEST_DIR"))?;
    assert_eq!(app.get("/").send()?.status(), 504);
    Ok(())
}

#[test]
fn an_unmocked_destination_is_denied_with_the_fix_in_the_log() -> TestResult {
    let app = TestApp::builder()
        .config("origin", "https://elsewhere.example.com")
        .package(env!("CARGO_MANIFEST_DIR"))?;
    let res = app.get("/").send()?;
    assert_eq!(res.status(), 502);
    assert_eq!(res.text(), "the origin is unreachable (Denied)");
    assert!(
        res.stderr()
            .contains("outbound request to elsewhere.example.com denied"),
        "{}",
        res.stderr()
    );
    assert!(
        res.stderr().contains(".mock(\"elsewhere.example.com\""),
        "{}",
        res.stderr()
    );
    assert_eq!(app.outbound()[0].outcome, OutboundOutcome::Denied);
    Ok(())
}

#[test]
fn a_bad_timeout_setting_is_a_500_naming_it() -> TestResult {
    let app = builder()
        .config("origin-timeout-ms", "soon")
        .package(env!("CARGO_MANIFEST_DIR"))?;
    let res = app.get("/").send()?;
    assert_eq!(res.status(), 500);
    assert!(
        res.stderr()
            .contains("config `origin-timeout-ms` is not a number"),
        "{}",
        res.stderr()
    );
    Ok(())
}
