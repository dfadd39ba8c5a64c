//! The hello app through TestApp: the SDK's request and response handling,
//! error and panic paths, and instance isolation.

use std::sync::OnceLock;

use edge_harness::runtime::WasiHttpVersion;
use edge_harness::{ComponentInfo, TestApp};

fn app() -> &'static TestApp {
    static APP: OnceLock<TestApp> = OnceLock::new();
    APP.get_or_init(|| {
        TestApp::from_package(env!("CARGO_MANIFEST_DIR")).expect("hello builds and loads")
    })
}

type TestResult = Result<(), edge_harness::Error>;

#[test]
fn root_answers_hello_world() -> TestResult {
    let res = app().get("/").send()?;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text(), "Hello World");
    assert_eq!(
        res.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(res.header("content-length"), Some("11"));
    assert!(res.failure().is_none());
    Ok(())
}

#[test]
fn unknown_path_is_404() -> TestResult {
    let res = app().get("/nope").send()?;
    assert_eq!(res.status(), 404);
    Ok(())
}

#[test]
fn echo_round_trips_method_path_query_headers_and_binary_body() -> TestResult {
    let body: Vec<u8> = (0..1 << 20)
        .map(|i: u32| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let res = app()
        .put("/echo?x=1&y=two%20words")
        .header("x-repeated", "first")
        .header("x-repeated", "second")
        .header("x-binary", &b"caf\xe9 \x80\xff"[..])
        .body(body.clone())
        .send()?;
    assert_eq!(res.status(), 200);
    assert_eq!(res.header("x-echo-method"), Some("PUT"));
    assert_eq!(res.header("x-echo-path"), Some("/echo"));
    assert_eq!(res.header("x-echo-query"), Some("x=1&y=two%20words"));
    assert_eq!(
        res.header_all("x-echo-header-x-repeated"),
        vec![&b"first"[..], &b"second"[..]]
    );
    assert_eq!(
        res.header_all("x-echo-header-x-binary"),
        vec![&b"caf\xe9 \x80\xff"[..]]
    );
    assert_eq!(res.bytes().len(), body.len());
    assert!(res.bytes() == &body[..], "the 1 MiB body came back changed");
    assert!(res.is_complete());
    Ok(())
}

#[test]
fn streams_a_5_mib_response() -> TestResult {
    let res = app().get("/stream").send()?;
    assert_eq!(res.status(), 200);
    assert_eq!(res.bytes().len(), 5 << 20);
    assert!(
        res.bytes()
            .iter()
            .enumerate()
            .all(|(i, &b)| b == ((i % (64 * 1024)) % 251) as u8)
    );
    assert!(
        res.header("content-length").is_none(),
        "a streamed body has no length up front"
    );
    assert!(res.is_complete());
    Ok(())
}

#[test]
fn handler_error_is_a_500_with_the_message_on_stderr_only() -> TestResult {
    let res = app().get("/fail").send()?;
    assert_eq!(res.status(), 500);
    assert_eq!(res.text(), "Internal Server Error");
    assert!(
        res.stderr().contains("the handler failed on purpose"),
        "stderr: {}",
        res.stderr()
    );
    assert!(
        res.stderr().contains("GET"),
        "the log line names the request: {}",
        res.stderr()
    );
    assert!(
        res.failure().is_none(),
        "a handled error is a clean response"
    );
    Ok(())
}

#[test]
fn client_error_in_handler_shows_its_message() -> TestResult {
    let res = app().get("/stream?bytes=lots").send()?;
    assert_eq!(res.status(), 400);
    assert_eq!(res.text(), "bytes=lots is not a number");
    Ok(())
}

#[test]
fn panic_is_a_500_and_the_next_request_is_fine() -> TestResult {
    let res = app().get("/panic").send()?;
    assert_eq!(res.status(), 500);
    assert!(
        res.stderr().contains("the handler panicked on purpose"),
        "stderr: {}",
        res.stderr()
    );
    let failure = res.failure().expect("a panic is reported as a failure");
    assert!(failure.contains("trapped"), "failure: {failure}");

    let next = app().get("/").send()?;
    assert_eq!(next.status(), 200);
    assert_eq!(next.text(), "Hello World");
    Ok(())
}

#[test]
fn every_request_gets_a_fresh_instance() -> TestResult {
    for _ in 0..5 {
        let res = app().get("/counter").send()?;
        assert_eq!(res.text(), "1");
    }
    Ok(())
}

#[test]
fn the_component_uses_only_standard_wasi() -> TestResult {
    let info = ComponentInfo::read(app().component_path())?;
    // The handler of the version it was built for (`EDGE_WASI`).
    let handler = match app().wasi_http() {
        WasiHttpVersion::P2 => "wasi:http/incoming-handler@0.2.",
        _ => "wasi:http/handler@0.3.",
    };
    assert!(
        info.exports.iter().any(|e| e.starts_with(handler)),
        "exports: {:?}",
        info.exports
    );
    // Exactly what `wasmtime serve -S cli` gives a guest: WASI CLI and wasi:http.
    let served = [
        "wasi:io/",
        "wasi:cli/",
        "wasi:clocks/",
        "wasi:random/",
        "wasi:http/",
        "wasi:filesystem/",
        "wasi:sockets/",
    ];
    for import in &info.imports {
        assert!(
            served.iter().any(|prefix| import.starts_with(prefix)),
            "import {import} is not provided by a plain wasi:http host"
        );
    }
    Ok(())
}

#[test]
fn a_host_with_only_wasi_cli_and_http_gives_the_same_answers() -> TestResult {
    // What `wasmtime serve -S cli` links: no key-value, no configuration.
    let plain = TestApp::builder()
        .standard_interfaces_only()
        .file(app().component_path())?;
    let body: Vec<u8> = (0..=255).collect();
    for (method, target) in [
        ("GET", "/"),
        ("PUT", "/echo?q=1"),
        ("GET", "/counter"),
        ("GET", "/nope"),
        ("GET", "/fail"),
    ] {
        let method: edge_harness::http::Method = method.parse()?;
        let ours = app()
            .request(method.clone(), target)
            .header("x-h", "v")
            .body(body.clone())
            .send()?;
        let theirs = plain
            .request(method, target)
            .header("x-h", "v")
            .body(body.clone())
            .send()?;
        assert_eq!(ours.status(), theirs.status(), "{target}");
        assert_eq!(ours.headers(), theirs.headers(), "{target}");
        assert_eq!(ours.bytes(), theirs.bytes(), "{target}");
    }
    Ok(())
}

#[test]
fn an_app_using_keyvalue_is_refused_by_a_plain_host_naming_the_import() -> TestResult {
    let kv_app = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../visits");
    let wasm = edge_harness::build_package(kv_app, edge_harness::Progress::Quiet)?;
    let error = match TestApp::builder().standard_interfaces_only().file(wasm) {
        Ok(_) => panic!("a plain host cannot serve an app that imports wasi:keyvalue"),
        Err(e) => format!("{e:#}"),
    };
    assert!(error.contains("wasi:keyvalue/store@0.2.0-draft"), "{error}");
    assert!(error.contains("`wasmtime serve -S cli`"), "{error}");
    Ok(())
}
