//! The probe plugin composed in front of FlightPath: what passes reaches
//! the app whole, what the plugin answers never does, and a plugin's
//! errors and panics end the request as an app's do.

use std::sync::OnceLock;

use edge_harness::TestApp;

const PROBE: &str = env!("CARGO_MANIFEST_DIR");
const FLIGHTPATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/flightpath");

type TestResult = Result<(), edge_harness::Error>;

fn app() -> &'static TestApp {
    static APP: OnceLock<TestApp> = OnceLock::new();
    APP.get_or_init(|| {
        TestApp::builder()
            .without_manifest()
            .config("probe.greeting", "hello from config")
            .config("auth.token", "s3cret")
            .config("db.password", "hunter2")
            .config("probe", "not under probe.")
            .mock("origin.example.com", |_| {
                edge_harness::MockResponse::text("the origin")
            })
            .plugin(PROBE)
            .package(FLIGHTPATH)
            .expect("the probe composes in front of flightpath")
    })
}

#[test]
fn a_passed_request_reaches_the_app() -> TestResult {
    let res = app().get("/").send()?;
    res.assert_status(200);
    assert_eq!(res.text(), "Hello World");
    assert_eq!(res.header("x-powered-by"), Some("FlightPath"));
    Ok(())
}

#[test]
fn a_passed_request_keeps_its_body_and_headers() -> TestResult {
    let res = app()
        .post("/api/flights")
        .header("content-type", "application/json")
        .body(r#"{"from":"LHR","to":"JFK","departs":"09:00"}"#)
        .send()?;
    res.assert_status(201);
    let flight: serde_json::Value = serde_json::from_str(&res.text())?;
    assert_eq!(flight["to"], "JFK");
    Ok(())
}

#[test]
fn an_answer_from_the_plugin_never_reaches_the_app() -> TestResult {
    let res = app().get("/").header("x-probe", "answer").send()?;
    res.assert_status(418);
    assert_eq!(res.text(), "answered by the probe");
    assert_eq!(res.header("x-powered-by"), None);
    Ok(())
}

#[test]
fn a_plugin_error_answers_with_its_status() -> TestResult {
    let res = app().get("/").header("x-probe", "reject").send()?;
    res.assert_status(400);
    assert_eq!(res.text(), "the probe rejects this request");

    let res = app().get("/").header("x-probe", "error").send()?;
    res.assert_status(500);
    assert!(!res.text().contains("on purpose"), "a 5xx hides the error");
    assert!(
        res.stderr().contains("the probe failed on purpose"),
        "{}",
        res.stderr()
    );
    Ok(())
}

#[test]
fn a_plugin_panic_answers_500_and_names_the_plugin() -> TestResult {
    let res = app().get("/").header("x-probe", "panic").send()?;
    assert_eq!(res.status(), 500);
    assert!(
        res.stderr().contains("the plugin `probe` panicked") && res.stderr().contains("on purpose"),
        "{}",
        res.stderr()
    );
    // The next request gets a fresh instance of every part.
    app().get("/").send()?.assert_status(200);
    Ok(())
}

#[test]
fn a_plugin_reads_configuration() -> TestResult {
    let res = app().get("/").header("x-probe", "config").send()?;
    res.assert_status(200);
    assert_eq!(res.text(), "hello from config");
    Ok(())
}

#[test]
fn a_plugin_keeps_state_in_its_own_copy_of_the_default_store() -> TestResult {
    let app = TestApp::builder()
        .without_manifest()
        .plugin(PROBE)
        .package(FLIGHTPATH)?;
    // The plugin `probe` opening the default store opens `probe/`.
    app.kv("probe/").set("probe:count", "41");
    let res = app.get("/").header("x-probe", "count").send()?;
    assert_eq!(res.text(), "42");
    assert_eq!(
        app.kv("probe/").get_text("probe:count").as_deref(),
        Some("42")
    );
    assert_eq!(app.kv("default").get("probe:count"), None);
    Ok(())
}

#[test]
fn the_same_plugin_composes_twice() -> TestResult {
    let app = TestApp::builder()
        .without_manifest()
        .plugin(PROBE)
        .plugin(PROBE)
        .package(FLIGHTPATH)?;
    app.get("/").send()?.assert_status(200);
    app.get("/")
        .header("x-probe", "answer")
        .send()?
        .assert_status(418);
    Ok(())
}

#[test]
fn the_requests_limits_hold_plugin_code_too() -> TestResult {
    let app = TestApp::builder()
        .without_manifest()
        // The default memory limit, 128 MiB, which `grow` passes.
        .limits(edge_harness::LimitSettings {
            timeout_ms: Some(300),
            ..edge_harness::LimitSettings::default()
        })
        .plugin(PROBE)
        .package(FLIGHTPATH)?;
    let res = app.get("/").header("x-probe", "spin").send()?;
    assert_eq!(res.status(), 504, "{:?}", res.failure());
    let res = app.get("/").header("x-probe", "grow").send()?;
    assert_eq!(res.status(), 500, "{:?}", res.failure());
    app.get("/").send()?.assert_status(200);
    Ok(())
}

/// The memory limit is the request's, not each part's: a plugin holding
/// 40 MiB and an app taking 40 MiB more pass a 64 MiB limit one by one,
/// and fail it together. (Capped per memory, as wasmtime's `StoreLimits`
/// does, the pair answered 200.)
#[test]
fn a_plugin_and_the_app_share_one_memory_limit() -> TestResult {
    let test_programs = concat!(env!("CARGO_MANIFEST_DIR"), "/../../test-programs");
    let app = TestApp::builder()
        .without_manifest()
        .limits(edge_harness::LimitSettings {
            max_memory_mib: Some(64),
            ..edge_harness::LimitSettings::default()
        })
        .plugin(PROBE)
        .package(test_programs)?;
    let alloc = edge_test_programs::routes::ALLOC_MIB;
    app.get(&format!("{alloc}?mib=40"))
        .send()?
        .assert_status(200);
    app.get(&format!("{alloc}?mib=1"))
        .header("x-probe", "hold-40")
        .send()?
        .assert_status(200);
    let res = app
        .get(&format!("{alloc}?mib=40"))
        .header("x-probe", "hold-40")
        .send()?;
    assert_eq!(res.status(), 500, "{}", res.text());
    let failure = format!("{:?}", res.failure());
    assert!(
        failure.contains("over its limit of 67108864 (max-memory-mib)"),
        "{failure}"
    );
    Ok(())
}

#[test]
fn a_plugin_reads_its_own_keys_and_no_other_parts() -> TestResult {
    // Issue 27: a plugin dumped `auth.token` and `db.password` through
    // `get-all`; the filter composed in front of it answers its own keys.
    let all = app().get("/").header("x-probe", "config-all").send()?;
    assert_eq!(all.status(), 200, "{}", all.stderr());
    assert_eq!(all.text(), "probe.greeting=hello from config\n");
    for other in ["auth.token", "db.password", "probe", "probe.greetin", ""] {
        let res = app()
            .get("/")
            .header("x-probe", format!("config-key-{other}"))
            .send()?;
        assert_eq!(res.text(), "(none)", "{other}");
    }
    let own = app()
        .get("/")
        .header("x-probe", "config-key-probe.greeting")
        .send()?;
    assert_eq!(own.text(), "hello from config");
    Ok(())
}

#[test]
fn a_plugin_reaches_no_origin_it_is_not_granted() -> TestResult {
    // Issue 27: a plugin shared the app's outbound grants. The filter
    // composed in front of it refuses a request to any authority the
    // operator did not name for it, before the host sees it.
    let res = app()
        .get("/")
        .header("x-probe", "fetch-origin.example.com")
        .send()?;
    assert_eq!(res.status(), 200, "{}", res.stderr());
    assert_eq!(res.text(), "fetch failed: Denied");
    assert_eq!(app().outbound_count("origin.example.com"), 0);
    Ok(())
}

#[test]
fn a_plugin_opens_its_own_stores_and_never_the_apps() -> TestResult {
    // Issue 27: a plugin opened the app's stores. The filter composed in
    // front of it names every store it opens under its name (`probe/`).
    app().kv("").set("session:alice", "the app's secret");
    let read = app()
        .get("/")
        .header("x-probe", "kv-get-session:alice")
        .send()?;
    assert_eq!(read.status(), 200, "{}", read.stderr());
    assert_eq!(read.text(), "(none)");
    let counted = app().get("/").header("x-probe", "count").send()?;
    assert_eq!(counted.status(), 200, "{}", counted.stderr());
    let count: u64 = counted.text().parse().expect("a count");
    assert!(count >= 1);
    assert_eq!(
        app().kv("probe/").get_text("probe:count"),
        Some(count.to_string())
    );
    assert_eq!(app().kv("").get("probe:count"), None);
    Ok(())
}
