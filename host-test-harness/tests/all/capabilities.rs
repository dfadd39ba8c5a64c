//! The key-value and configuration calls a guest makes, through TestApp.

use edge_harness::TestApp;
use edge_test_programs::routes;

fn app(builder: edge_harness::TestAppBuilder) -> TestApp {
    builder
        .package(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-programs"))
        .expect("test programs build and load")
}

#[test]
fn batch_calls_and_exists() -> Result<(), edge_harness::Error> {
    let app = app(TestApp::builder());
    let res = app.get(routes::KV_BATCH).send()?;
    assert_eq!(
        res.text(),
        "get_many=1,-,2 exists_before=true exists_after=false"
    );
    assert_eq!(app.kv("default").keys(), ["b"]);
    Ok(())
}

#[test]
fn an_ungranted_store_is_refused_by_name() -> Result<(), edge_harness::Error> {
    let res = app(TestApp::builder())
        .get(routes::KV_UNKNOWN_STORE)
        .send()?;
    assert_eq!(
        res.text(),
        "the host has no key-value store named `nope`: configure it on the host, or use Store::open_default()"
    );
    let granted = app(TestApp::builder().kv_store("nope"))
        .get(routes::KV_UNKNOWN_STORE)
        .send()?;
    assert_eq!(granted.text(), "opened");
    Ok(())
}

#[test]
fn every_configuration_value() -> Result<(), edge_harness::Error> {
    let app = app(TestApp::builder().config("b", "2").config("a", "1"));
    assert_eq!(app.get(routes::CONFIG).send()?.text(), "a=1\nb=2");
    Ok(())
}
