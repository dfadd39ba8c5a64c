//! The test API as a user meets it: a component compiled once per process,
//! assertion messages that say why a request failed, and `edge.toml` kept
//! out of a test on request.

use std::path::PathBuf;

use edge_harness::{MockResponse, TestApp};
use edge_test_programs::routes;

use crate::support;

/// An app reading `greeting` from its config and fetching
/// `http://api.example.com/` on `/fetch`, with an `edge.toml` that sets the
/// greeting and allows the API host.
fn app_with_manifest() -> PathBuf {
    let dir = support::temp_dir("manifest-app");
    std::fs::create_dir_all(dir.join("src")).expect("src");
    let sdk = support::workspace()
        .join("sdk")
        .canonicalize()
        .expect("the sdk");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"manifest-app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
             [lib]\ncrate-type = [\"cdylib\"]\n\n[dependencies]\nedge-sdk = {{ path = \"{}\" }}\n\n\
             [profile.release]\nopt-level = \"z\"\nlto = true\ncodegen-units = 1\nstrip = true\n\
             panic = \"abort\"\ndebug = false\n\n[workspace]\n",
            sdk.display()
        ),
    )
    .expect("Cargo.toml");
    std::fs::write(
        dir.join("src/lib.rs"),
        r#"use edge::{Body, Request, Response};

#[edge::main]
fn main(req: Request) -> edge::Result<Response> {
    if req.uri().path() == "/fetch" {
        let upstream = edge::http::Request::get("http://api.example.com/").body(Body::empty())?;
        let text = edge::fetch(upstream)?.into_body().into_string()?;
        return Ok(Response::new(text.into()));
    }
    let greeting = edge::config::get("greeting")?.unwrap_or_else(|| "unset".to_owned());
    Ok(Response::new(greeting.into()))
}
"#,
    )
    .expect("lib.rs");
    // The workspace's versions and build directory, as `edge new` sets up:
    // nothing resolved from the network, nothing built twice, nothing left
    // in the temporary directory.
    std::fs::copy(
        support::workspace().join("Cargo.lock"),
        dir.join("Cargo.lock"),
    )
    .expect("Cargo.lock");
    std::fs::create_dir_all(dir.join(".cargo")).expect(".cargo");
    std::fs::write(
        dir.join(".cargo/config.toml"),
        format!(
            "[build]\ntarget-dir = \"{}\"\n",
            support::workspace()
                .join("target")
                .canonicalize()
                .expect("target")
                .display()
        ),
    )
    .expect("config.toml");
    std::fs::write(
        dir.join("edge.toml"),
        "[config]\ngreeting = \"from edge.toml\"\n\n[outbound]\nallow = [\"api.example.com\"]\n",
    )
    .expect("edge.toml");
    dir
}

#[test]
fn the_manifest_applies_unless_the_test_says_without_manifest_and_mocks_win() {
    let dir = app_with_manifest();
    let with = TestApp::builder()
        .mock("api.example.com", |_| MockResponse::text("mocked"))
        .package(&dir)
        .expect("loads");
    assert_eq!(
        with.get("/").send().expect("answer").text(),
        "from edge.toml"
    );
    // The host is allowed by edge.toml and mocked by the test: the mock
    // answers, nothing reaches the network.
    assert_eq!(with.get("/fetch").send().expect("answer").text(), "mocked");
    assert_eq!(with.outbound_count("api.example.com"), 1);

    let without = TestApp::builder()
        .without_manifest()
        .package(&dir)
        .expect("loads");
    assert_eq!(without.get("/").send().expect("answer").text(), "unset");
    let denied = without.get("/fetch").send().expect("answer");
    denied.assert_status(500);
    assert!(
        denied
            .stderr()
            .contains("outbound request to api.example.com denied"),
        "{}",
        denied.stderr()
    );
}

#[test]
fn a_failed_status_assertion_shows_the_guests_failure_and_stderr() {
    let app = TestApp::from_package(support::test_programs_package()).expect("loads");
    let res = app.get(routes::PANIC).send().expect("a response");
    let message = std::panic::catch_unwind(|| {
        res.assert_status(200);
    })
    .expect_err("the assertion fails");
    let message = message
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(
        message.starts_with("expected status 200, got 500 Internal Server Error"),
        "{message}"
    );
    assert!(message.contains("failure: the guest trapped"), "{message}");
    assert!(
        message.contains("guest stderr:\nedge: the handler panicked at"),
        "{message}"
    );
    assert!(!message.contains("RUST_BACKTRACE"), "{message}");
    app.get(routes::HELLO)
        .send()
        .expect("a response")
        .assert_status(200);
}

#[test]
fn route_panics_in_the_guest_name_no_backtrace_switch() {
    let app = TestApp::from_package(support::test_programs_package()).expect("loads");
    let res = app.get(routes::PANIC).send().expect("a response");
    assert!(
        res.stderr().starts_with("edge: the handler panicked at "),
        "{}",
        res.stderr()
    );
    assert!(!res.stderr().contains("RUST_BACKTRACE"), "{}", res.stderr());
}
