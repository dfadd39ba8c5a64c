//! The visit counter through TestApp's key-value store, and unmodified on
//! wasmtime's own `wasi:keyvalue` store.

use edge_harness::TestApp;
use serde_json::{Value, json};

type TestResult = Result<(), edge_harness::Error>;

fn app() -> TestApp {
    TestApp::from_package(env!("CARGO_MANIFEST_DIR")).expect("visits builds and loads")
}

#[test]
fn counts_visits_across_requests() -> TestResult {
    let app = app();
    for expected in 1..=3 {
        assert_eq!(app.get("/").send()?.text(), format!("visit {expected}"));
    }
    assert_eq!(app.kv("default").get_text("visits").as_deref(), Some("3"));
    Ok(())
}

#[test]
fn continues_from_a_seeded_count() -> TestResult {
    let app = app();
    app.kv("default").set("visits", "41");
    assert_eq!(app.get("/").send()?.text(), "visit 42");
    Ok(())
}

#[test]
fn reports_per_path_counts_and_the_last_visit_as_json() -> TestResult {
    let app = app();
    app.get("/a").send()?;
    app.get("/a").send()?;
    app.get("/b/c").send()?;
    let stats: Value = app.get("/stats").send()?.json()?;
    assert_eq!(
        stats,
        json!({ "paths": { "/a": 2, "/b/c": 1 }, "last": { "path": "/b/c", "number": 3 } })
    );
    Ok(())
}

#[test]
fn lists_keys_across_pages() -> TestResult {
    let app = app();
    for i in 0..250 {
        app.kv("default").set(&format!("path:/p{i:03}"), "1");
    }
    let stats: Value = app.get("/stats").send()?.json()?;
    assert_eq!(
        stats["paths"].as_object().map(|m| m.len()),
        Some(250),
        "three pages of keys"
    );
    Ok(())
}

#[test]
fn reset_deletes_in_one_batch() -> TestResult {
    let app = app();
    app.get("/x").send()?;
    app.post("/reset").send()?;
    assert!(
        app.kv("default").keys().is_empty(),
        "{:?}",
        app.kv("default").keys()
    );
    Ok(())
}

#[test]
fn a_non_numeric_counter_is_a_500_naming_the_key() -> TestResult {
    let app = app();
    app.kv("default").set("visits", "many");
    let res = app.get("/").send()?;
    assert_eq!(res.status(), 500);
    assert!(
        res.stderr()
            .contains("the value at `visits` is not a decimal number"),
        "{}",
        res.stderr()
    );
    Ok(())
}

#[test]
fn runs_unmodified_on_wasmtimes_own_keyvalue_store() -> TestResult {
    let app = TestApp::builder()
        .reference_keyvalue([("visits", "41")])
        .package(env!("CARGO_MANIFEST_DIR"))?;
    let res = app.get("/").send()?;
    assert_eq!(res.status(), 200, "stderr: {}", res.stderr());
    assert_eq!(res.text(), "visit 42");
    Ok(())
}
