//! `edge serve` as a user runs it: the binary on a free loopback port,
//! spoken to over real HTTP/1.1.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use edge_harness::{Progress, build_package};
use edge_test_programs::routes;

use crate::support::server::Server;
use crate::support::{temp_dir, test_programs, workspace};

#[test]
fn answers_routes_and_logs_each_request() {
    let server = Server::start(&test_programs(), &["--kv-memory"]);
    assert_eq!(server.get(routes::HELLO), (200, "hello".to_owned()));
    assert_eq!(server.get("/nope").0, 404);
    // A raw guest ending its chunked body with trailers (hyper drops them,
    // unasked for): a whole response too.
    assert_eq!(
        server.get(routes::TRAILERS),
        (200, "body before trailers".to_owned())
    );
    // Each line is written once its response has ended, which may be after
    // the client has moved on to the next request: wait for each.
    for request in ["GET /hello 200", "GET /nope 404", "GET /trailers 200"] {
        let log = server.log_with(request);
        let line = log.lines().find(|l| l.starts_with(request));
        let line = line.unwrap_or_else(|| panic!("no `{request}` line: {log}"));
        // Answered whole: no note about a cut or an unfinished body.
        assert!(!line.contains('('), "{line}");
    }
    let log = server.log_with("[stderr] edge: GET /nope failed with 404");
    assert!(
        log.contains("[stderr] edge: GET /nope failed with 404"),
        "guest output is prefixed: {log}"
    );
}

#[test]
fn a_spinning_guest_gets_a_5xx_in_time_and_the_next_request_is_fine() {
    let server = Server::start(&test_programs(), &["--kv-memory", "--timeout-ms", "300"]);
    let start = Instant::now();
    let (status, _) = server.get(routes::SPIN);
    let elapsed = start.elapsed();
    assert_eq!(status, 504);
    // The bound is timeout + 100 ms; debug builds get slack.
    assert!(
        elapsed < Duration::from_millis(300 + 700),
        "took {elapsed:?}"
    );
    assert_eq!(server.get(routes::HELLO), (200, "hello".to_owned()));
    let log = server.log_with("GET /spin 504");
    assert!(log.contains("GET /spin 504"), "{log}");
}

#[test]
fn a_1_gib_allocation_gets_a_5xx_and_the_next_request_is_fine() {
    let server = Server::start(&test_programs(), &["--kv-memory"]);
    let (status, _) = server.get(routes::ALLOC);
    assert_eq!(status, 500);
    assert_eq!(server.get(routes::HELLO), (200, "hello".to_owned()));
}

#[test]
fn a_disallowed_outbound_host_is_refused() {
    let server = Server::start(&test_programs(), &["--kv-memory"]);
    assert_eq!(
        server.get(&format!("{}?url=http://127.0.0.1:9/", routes::FETCH)),
        (200, "Denied".to_owned())
    );
    let log = server.log_with("outbound request to 127.0.0.1:9 denied");
    assert!(
        log.contains("outbound request to 127.0.0.1:9 denied"),
        "{log}"
    );
    assert!(
        log.contains("--allow-outbound 127.0.0.1"),
        "the fix is named: {log}"
    );
}

/// Asks a server that may reach an upstream `edge serve` to fetch `path` from it.
fn fetch_from_allowed_upstream(path: &str) -> (u16, String) {
    let upstream = Server::start(&test_programs(), &["--kv-memory"]);
    let host = upstream.address.clone();
    let server = Server::start(
        &test_programs(),
        &["--kv-memory", "--allow-outbound", &host],
    );
    server.get(&format!("{}?url=http://{host}{path}", routes::FETCH))
}

#[test]
fn an_allowed_outbound_host_is_reached() {
    assert_eq!(
        fetch_from_allowed_upstream(routes::HELLO),
        (200, "status 200".to_owned())
    );
}

#[test]
fn the_host_follows_no_redirect_for_the_guest() {
    assert_eq!(
        fetch_from_allowed_upstream(routes::REDIRECT),
        (200, "status 302".to_owned())
    );
}

#[test]
fn shutdown_lets_a_request_in_flight_finish() {
    let mut server = Server::start(&test_programs(), &["--kv-memory", "--timeout-ms", "5000"]);
    let address = server.address.clone();
    let in_flight = std::thread::spawn(move || {
        let mut stream = TcpStream::connect(&address).expect("connects");
        write!(
            stream,
            "GET /sleep?ms=600 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
        )
        .expect("sends");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("reads");
        response
    });
    std::thread::sleep(Duration::from_millis(200));
    let _ = Command::new("kill")
        .arg("-INT")
        .arg(server.child.id().to_string())
        .status();
    let response = in_flight.join().expect("request thread");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.ends_with("slept 600 ms"), "{response}");
    let status = server.child.wait().expect("exits");
    assert!(status.success(), "{status:?}");
    let log = server.log_with("shutting down");
    assert!(log.contains("shutting down"), "{log}");
}

#[test]
fn build_names_each_import_and_the_host_flag_it_needs() {
    let output = Command::new(env!("CARGO_BIN_EXE_edge"))
        .args([
            "build",
            workspace().join("test-programs").to_str().expect("utf-8"),
        ])
        .output()
        .expect("edge runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("bytes)"), "{text}");
    assert!(
        text.contains(
            "imports wasi:keyvalue/store@0.2.0-draft  (standard; `wasmtime serve -S keyvalue`)"
        ),
        "{text}"
    );
    assert!(
        text.contains("imports wasi:http/types@0.2.6  (standard; every wasi:http host)"),
        "{text}"
    );
    assert!(
        text.contains("exports wasi:http/incoming-handler@0.2.6"),
        "{text}"
    );
}

#[test]
fn key_value_data_survives_a_restart() {
    let dir = temp_dir("kv");
    let kv = dir.join("kv.sqlite");
    let kv = kv.to_str().expect("utf-8 path");
    let server = Server::start(&test_programs(), &["--kv-path", kv]);
    assert_eq!(server.get(routes::KV).1, "1");
    assert_eq!(server.get(routes::KV).1, "2");
    server.stop();
    let server = Server::start(&test_programs(), &["--kv-path", kv]);
    assert_eq!(server.get(routes::KV).1, "3");
}

#[test]
fn a_component_from_another_sdk_runs_too() {
    let floor =
        build_package(workspace().join("benches/floor"), Progress::Quiet).expect("floor builds");
    let server = Server::start(&floor, &["--kv-memory"]);
    assert_eq!(server.get("/"), (200, "Hello World".to_owned()));
}

fn serve_error(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_edge"))
        .arg("serve")
        .args(args)
        .output()
        .expect("edge runs");
    assert!(!output.status.success(), "must fail: {args:?}");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn clear_errors_for_bad_paths_files_flags_and_ports() {
    let dir = temp_dir("errors");
    assert!(serve_error(&["/no/such/app"]).contains("/no/such/app: no such file or directory"));

    let text_file = dir.join("app.wasm");
    std::fs::write(&text_file, "not wasm").expect("write");
    let text_file = text_file.to_str().expect("utf-8");
    assert!(serve_error(&[text_file]).contains("not a WebAssembly file"));

    let component = test_programs();
    let component = component.to_str().expect("utf-8");
    assert!(
        serve_error(&[component, "--timeout-ms", "x"])
            .contains("invalid value 'x' for '--timeout-ms <MS>': expected a whole number")
    );

    let first = Server::start(Path::new(component), &["--kv-memory"]);
    let taken = serve_error(&[component, "--kv-memory", "--listen", &first.address]);
    assert!(taken.contains("is already in use"), "{taken}");
    assert!(taken.contains("--listen 127.0.0.1:0"), "{taken}");
}
