//! `edge build`: the component that ships, pre-initialized when the app
//! builds its state once, and what it says about it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn edge_build(args: &[&str]) -> (Output, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_edge"))
        .arg("build")
        .args(args)
        .output()
        .expect("edge runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "edge build {args:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (out, stdout)
}

/// The line that names the component and its size.
fn component_line(stdout: &str) -> &str {
    stdout
        .lines()
        .find(|line| line.ends_with(" bytes)"))
        .unwrap_or_else(|| panic!("no component line in:\n{stdout}"))
}

#[test]
fn an_app_that_builds_its_state_once_is_pre_initialized() {
    let app = workspace().join("examples/flightpath");
    let (_, stdout) = edge_build(&[app.to_str().expect("utf-8 path")]);
    assert!(
        stdout.contains("pre-initialized: the app's state is built at build time"),
        "{stdout}"
    );
    assert!(
        component_line(&stdout).contains("flightpath.preinit.wasm"),
        "{stdout}"
    );
    // A standard component: the same exports a plain build has.
    assert!(
        stdout.contains("exports wasi:http/incoming-handler@0.2"),
        "{stdout}"
    );
}

#[test]
fn no_preinit_ships_the_plain_build_and_says_so() {
    let app = workspace().join("examples/flightpath");
    let (_, stdout) = edge_build(&["--no-preinit", app.to_str().expect("utf-8 path")]);
    assert!(
        stdout.contains("not pre-initialized (--no-preinit)"),
        "{stdout}"
    );
    let line = component_line(&stdout);
    assert!(
        line.contains("flightpath.wasm") && !line.contains("preinit"),
        "{stdout}"
    );
}

#[test]
fn an_app_built_per_request_says_nothing_about_pre_initialization() {
    let app = workspace().join("examples/hello");
    let (_, stdout) = edge_build(&[app.to_str().expect("utf-8 path")]);
    assert!(!stdout.contains("pre-initialized"), "{stdout}");
}

#[test]
fn proxy_only_writes_a_component_any_proxy_host_runs() {
    let app = workspace().join("examples/flightpath");
    let (_, stdout) = edge_build(&["--proxy-only", app.to_str().expect("utf-8 path")]);
    assert!(
        stdout.contains("proxy-only: Rust std's `wasi:cli` imports are met inside"),
        "{stdout}"
    );
    assert!(stdout.ends_with("runs on: wasmtime serve\n"), "{stdout}");
    let line = component_line(&stdout);
    assert!(line.contains("flightpath.preinit.proxy.wasm"), "{stdout}");
    let path = line.split(" (").next().expect("a path");
    let app = edge_harness::TestApp::builder()
        .without_manifest()
        .standard_interfaces_only()
        .file(path)
        .expect("loads with the proxy world's interfaces");
    let res = app.get("/").send().expect("answers");
    assert_eq!(res.status(), 200);
    assert_eq!(res.text(), "Hello World");
}

#[test]
fn proxy_only_refuses_an_app_that_uses_a_store_and_names_it() {
    let app = workspace().join("examples/visits");
    let out = Command::new(env!("CARGO_BIN_EXE_edge"))
        .args(["build", "--proxy-only"])
        .arg(&app)
        .output()
        .expect("edge runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("wasi:keyvalue/"), "{stderr}");
}
