//! One app, two WASI versions: `edge build --wasi`, `edge call --wasi` and
//! `edge serve` of a 0.3 build, and the errors of a wrong choice.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use edge_harness::build::AppBuild;
use edge_harness::runtime::WasiHttpVersion;

use edge_test_programs::routes;

use crate::support::server::Server;
use crate::support::{raw_http, test_programs_p3};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn edge(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_edge"))
        .args(args)
        .output()
        .expect("edge runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn build_writes_one_file_per_version_and_says_which_each_speaks() {
    let app = workspace().join("examples/hello");
    let out = edge(&["build", app.to_str().expect("utf-8"), "--wasi", "both"]);
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let files: Vec<&str> = stdout
        .lines()
        .filter(|line| line.ends_with(" bytes)"))
        .collect();
    assert_eq!(files.len(), 2, "{stdout}");
    assert_ne!(files[0], files[1], "{stdout}");
    let speaks: Vec<&str> = stdout
        .lines()
        .filter(|line| line.trim_start().starts_with("speaks "))
        .map(str::trim)
        .collect();
    assert_eq!(
        speaks,
        ["speaks wasi:http 0.2", "speaks wasi:http 0.3"],
        "{stdout}"
    );
    assert!(
        stdout.contains("exports wasi:http/handler@0.3.0"),
        "{stdout}"
    );
    assert!(
        stdout.contains("exports wasi:http/incoming-handler@0.2.6"),
        "{stdout}"
    );
}

#[test]
fn call_builds_for_the_version_asked() {
    let app = workspace().join("examples/hello");
    let out = edge(&["call", app.to_str().expect("utf-8"), "--wasi", "0.3"]);
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("200 OK\n"), "{all}");
    assert!(stdout.trim_end().ends_with("Hello World"), "{all}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("edge: the app speaks wasi:http 0.3"),
        "{all}"
    );
}

#[test]
fn serve_runs_the_talks_example_built_for_0_3_and_says_so() {
    let built = AppBuild::new(workspace().join("examples/flightpath"))
        .wasi(WasiHttpVersion::P3)
        .run()
        .expect("flightpath builds for 0.3");
    assert_eq!(built.wasi, WasiHttpVersion::P3);
    let server = Server::start(&built.component, &[]);
    let res = raw_http::get(&server.address, "/");
    assert_eq!(res.status, 200, "{}", res.text());
    assert_eq!(res.text(), "Hello World");
    assert!(
        res.head
            .to_ascii_lowercase()
            .contains("x-powered-by: flightpath"),
        "{}",
        res.head
    );
    let log = server.log_with("the app speaks");
    assert!(log.contains("edge: the app speaks wasi:http 0.3"), "{log}");
}

#[test]
fn an_unknown_version_is_refused_with_the_choices() {
    let out = edge(&["build", ".", "--wasi", "0.4"]);
    assert!(!out.status.success());
    let all = text(&out);
    assert!(
        all.contains("unknown WASI version `0.4`: use 0.2 or 0.3, or both"),
        "{all}"
    );
}

#[test]
fn plugins_are_built_for_a_0_3_app() {
    let built = AppBuild::new(workspace().join("examples/hello"))
        .wasi(WasiHttpVersion::P3)
        .preinit(false)
        .run()
        .expect("hello builds for 0.3");
    let out_file =
        std::env::temp_dir().join(format!("edge-p3-compose-{}.wasm", std::process::id()));
    // The WAF's package is built for 0.3, as the app is; the probe, which
    // sends requests, gets the 0.3 outbound filter.
    for plugin in ["plugins/waf", "plugins/probe"] {
        let plugin = workspace().join(plugin);
        let out = edge(&[
            "compose",
            built.component.to_str().expect("utf-8"),
            "--plugin",
            plugin.to_str().expect("utf-8"),
            "-o",
            out_file.to_str().expect("utf-8"),
        ]);
        let all = text(&out);
        assert!(out.status.success(), "{all}");
        let composed = std::fs::read(&out_file).expect("written");
        assert_eq!(
            edge_harness::compose::handler_version(&composed),
            Some(WasiHttpVersion::P3)
        );
        let _ = std::fs::remove_file(&out_file);
    }
}

#[test]
fn a_0_3_body_ended_with_trailers_is_a_whole_response() {
    let server = Server::start(&test_programs_p3(), &["--kv-memory"]);
    assert_eq!(
        server.get(routes::TRAILERS),
        (200, "body before trailers".to_owned())
    );
    let log = server.log_with("GET /trailers 200");
    let line = log
        .lines()
        .find(|l| l.starts_with("GET /trailers 200"))
        .unwrap_or_else(|| panic!("no line: {log}"));
    assert!(!line.contains('('), "{line}");
}

#[test]
fn serve_reuses_a_0_3_instance_when_the_app_opts_in() {
    let server = Server::start(
        &test_programs_p3(),
        &["--kv-memory", "--instance-reuse", "3"],
    );
    // An instance goes back to the pool once its task has ended, which
    // can be just after the client has the whole response: the next
    // request may find it not yet back and start a fresh one. So: each
    // count is 1 (a fresh instance) or one more than the last (the same
    // one again), never past 3, and some instance served more than one.
    let counts: Vec<u32> = (0..6)
        .map(|_| {
            std::thread::sleep(std::time::Duration::from_millis(20));
            server.get(routes::COUNTER).1.parse().expect("a count")
        })
        .collect();
    assert_eq!(counts[0], 1, "{counts:?}");
    for pair in counts.windows(2) {
        assert!(pair[1] == 1 || pair[1] == pair[0] + 1, "{counts:?}");
    }
    assert!(counts.iter().all(|&n| n <= 3), "{counts:?}");
    assert!(counts.iter().any(|&n| n > 1), "never reused: {counts:?}");
}
