//! Build-time pre-initialization: an app's state built once, snapshotted,
//! and every request still in a fresh instance; and every way an
//! initialization can go wrong, with the error the build gives.

use std::time::Duration;

use edge_harness::build::AppBuild;
use edge_harness::preinit::declares_init;
use edge_harness::runtime::WasiHttpVersion;
use edge_harness::{ComponentInfo, MockResponse, TestApp};

use crate::support;

fn probes() -> std::path::PathBuf {
    support::workspace().join("test-programs/prebuilt")
}

/// The build error of the probe app with `feature`.
fn init_error(feature: &str) -> String {
    match TestApp::builder().features([feature]).package(probes()) {
        Ok(_) => panic!("the build with `{feature}` should fail"),
        Err(e) => format!("{e:#}"),
    }
}

#[test]
fn the_state_is_built_at_build_time_and_shipped_as_a_standard_component() {
    let built = AppBuild::new(probes()).run().expect("builds");
    let report = built.preinit.as_ref().expect("pre-initialized");
    assert_ne!(built.component, built.cargo_output);
    let plain = std::fs::read(&built.cargo_output).expect("cargo's output");
    let shipped = std::fs::read(&built.component).expect("the snapshot");
    assert!(declares_init(&plain));
    assert_eq!(report.size_before, plain.len() as u64);
    assert_eq!(report.size_after, shipped.len() as u64);

    // Same interfaces as the plain build: nothing a host must add.
    let before = ComponentInfo::read(&built.cargo_output).expect("plain info");
    let after = ComponentInfo::read(&built.component).expect("snapshot info");
    assert_eq!(before.imports, after.imports);
    assert_eq!(before.exports, after.exports);

    let app = TestApp::builder()
        .standard_interfaces_only()
        .file(&built.component)
        .expect("loads with the WASI CLI and wasi:http only");
    assert_eq!(
        app.get("/table").send().expect("table").text(),
        "1000 998001"
    );
}

#[test]
fn a_0_3_app_that_calls_out_is_pre_initialized_too() {
    // WASI 0.3's outbound `send` is an `async func`: the initialization
    // host must trap it as it traps any other import (it refused to link).
    let built = AppBuild::new(support::workspace().join("examples/cache-proxy"))
        .wasi(WasiHttpVersion::P3)
        .run()
        .expect("the cache proxy builds for 0.3, pre-initialized");
    assert!(built.preinit.is_some());
    let app = TestApp::builder()
        .config("origin", "https://origin.example.com")
        .mock("origin.example.com", |_| {
            MockResponse::text("from the origin").header("cache-control", "max-age=60")
        })
        .file(&built.component)
        .expect("loads");
    let res = app.get("/").send().expect("answers");
    assert_eq!(res.status(), 200, "{}", res.stderr());
    assert_eq!(res.text(), "from the origin");
}

#[test]
fn without_preinit_the_same_source_builds_its_state_per_request() {
    let built = AppBuild::new(probes())
        .preinit(false)
        .run()
        .expect("builds");
    assert!(built.preinit.is_none());
    assert_eq!(built.component, built.cargo_output);
    let app = TestApp::builder()
        .preinit(false)
        .package(probes())
        .expect("loads");
    assert_eq!(
        app.get("/table").send().expect("table").text(),
        "1000 998001"
    );
}

#[test]
fn a_request_that_changes_the_built_state_is_not_seen_by_the_next() {
    for preinit in [true, false] {
        let app = TestApp::builder()
            .preinit(preinit)
            .package(probes())
            .expect("loads");
        for _ in 0..3 {
            let res = app.get("/count").send().expect("count");
            assert_eq!(
                res.text(),
                "1",
                "preinit {preinit}: a fresh instance per request"
            );
        }
    }
}

#[test]
fn random_numbers_and_time_still_come_from_the_host_per_request() {
    let app = TestApp::from_package(probes()).expect("loads");
    let draw = |path: &str| app.get(path).send().expect(path).text();
    let (a, b) = (draw("/random"), draw("/random"));
    assert_ne!(a, b, "each request seeds its own hasher");
    let (t1, t2) = (draw("/time"), draw("/time"));
    assert_ne!(t1, t2, "each request reads the clock");
}

#[test]
fn a_second_build_reuses_the_snapshot_of_the_same_component() {
    let first = AppBuild::new(probes()).run().expect("first");
    let again = AppBuild::new(probes()).run().expect("again");
    assert_eq!(first.component, again.component);
    assert!(again.preinit.expect("pre-initialized").reused);
}

#[test]
fn an_app_built_per_request_is_not_pre_initialized() {
    let built = AppBuild::new(support::workspace().join("examples/hello"))
        .run()
        .expect("builds");
    assert!(built.preinit.is_none());
    assert_eq!(built.component, built.cargo_output);
}

#[test]
fn a_hash_map_at_init_names_the_seed_import_and_the_fix() {
    let text = init_error("init-hashmap");
    assert!(text.contains("`wasi:random/insecure-seed@"), "{text}");
    assert!(text.contains("`HashMap`"), "{text}");
    assert!(text.contains("BTreeMap"), "{text}");
}

#[test]
fn config_at_init_says_to_read_it_in_the_handler() {
    let text = init_error("init-config");
    assert!(text.contains("`wasi:config/store@"), "{text}");
    assert!(
        text.contains("read it in the handler with `edge::config`"),
        "{text}"
    );
}

#[test]
fn the_key_value_store_at_init_says_to_open_it_in_the_handler() {
    let text = init_error("init-kv");
    assert!(text.contains("`wasi:keyvalue/store@"), "{text}");
    assert!(text.contains("open it in the handler"), "{text}");
}

#[test]
fn the_clock_at_init_says_the_time_would_be_frozen() {
    let text = init_error("init-clock");
    assert!(text.contains("`wasi:clocks/wall-clock@"), "{text}");
    assert!(text.contains("frozen into the snapshot"), "{text}");
}

#[test]
fn the_environment_at_init_says_to_use_config() {
    let text = init_error("init-env");
    assert!(text.contains("`wasi:cli/environment@"), "{text}");
    assert!(text.contains("edge::config"), "{text}");
}

#[test]
fn a_malformed_route_fails_the_build_with_the_route_error() {
    let text = init_error("init-bad-route");
    assert!(text.contains("the app's initialization failed"), "{text}");
    assert!(text.contains("invalid route `no-leading-slash`"), "{text}");
    assert!(text.contains("src/misbehave.rs:"), "names the line: {text}");
}

#[test]
fn conflicting_routes_fail_the_build_with_the_route_error() {
    let text = init_error("init-route-conflict");
    assert!(
        text.contains("route `/flights/:code` conflicts with an existing route"),
        "{text}"
    );
}

#[test]
fn an_initialization_that_never_ends_is_stopped() {
    let err = AppBuild::new(probes())
        .features(["init-spin"])
        .init_timeout(Duration::from_millis(500))
        .run()
        .expect_err("never ends");
    let text = format!("{err:#}");
    assert!(
        text.contains("was still running after 0 s") || text.contains("still running"),
        "{text}"
    );
}

#[test]
fn an_initialization_past_the_memory_limit_fails() {
    let text = init_error("init-oom");
    assert!(text.contains("the app's initialization failed"), "{text}");
    assert!(
        text.contains("memory allocation of 536870912 bytes failed"),
        "{text}"
    );
}

#[test]
fn what_the_initialization_writes_is_escaped() {
    let built = AppBuild::new(probes())
        .features(["init-log"])
        .run()
        .expect("builds");
    let log = built.preinit.expect("pre-initialized").init_log;
    assert!(log.contains("  built\n  edge: listening"), "{log}");
    assert!(!log.contains('\u{1b}'), "{log:?}");
    assert!(log.contains("\\u{1b}[2J"), "{log}");
}
