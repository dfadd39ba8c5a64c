//! `edge serve --watch`: an edit is picked up, a broken edit keeps the old
//! version serving and shows the compiler's error, and a request in flight
//! finishes on the version it started with.

use std::time::Duration;

use crate::support;
use crate::support::server::Server;
use crate::support::watched_app::{new_app, wait_for, write_app};
use crate::support::{temp_dir, workspace};

#[test]
fn edits_go_live_broken_ones_do_not_and_requests_in_flight_finish_on_their_version() {
    let dir = new_app("watched-app");
    // Guest builds share the workspace's compiled dependencies (the same
    // release profile, the same target directory).
    let server = Server::start_with_env(
        &dir,
        &["--watch", "--kv-memory", "--timeout-ms", "60000"],
        &[(
            "CARGO_TARGET_DIR",
            workspace().join("target").to_str().expect("utf-8"),
        )],
    );
    assert_eq!(server.get("/"), (200, "v1".to_owned()));

    // A request in flight on v1 while v2 goes live.
    let address = server.address.clone();
    let slow = std::thread::spawn(move || support::raw_http::get(&address, "/slow").text());
    std::thread::sleep(Duration::from_millis(500));
    write_app(&dir, "v2");
    let took = wait_for(&server, "v2", Duration::from_secs(120));
    eprintln!("v2 answered {took:?} after the edit");
    let log = server.log_with("new requests get the new version");
    let line = log
        .lines()
        .find(|l| l.starts_with("edge: rebuilt in "))
        .unwrap_or_else(|| panic!("no rebuilt line:\n{log}"));
    eprintln!("{line}");
    assert_eq!(
        slow.join().expect("the slow request"),
        "v1",
        "finished on v1"
    );

    // A broken edit: the compiler's error shows, v2 keeps serving.
    std::fs::write(dir.join("src/lib.rs"), "this is not rust").expect("writes");
    let log = server.log_with("still serving the previous version");
    assert!(log.contains("still serving the previous version"), "{log}");
    assert!(log.contains("error"), "the compiler's error: {log}");
    assert_eq!(server.get("/"), (200, "v2".to_owned()));

    // Fixed again: live again.
    write_app(&dir, "v3");
    wait_for(&server, "v3", Duration::from_secs(120));
}

#[test]
fn watch_needs_an_app_folder() {
    let file = temp_dir("watch-file").join("app.wasm");
    std::fs::write(&file, b"\0asm").expect("writes");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_edge"))
        .args(["serve", "--watch"])
        .arg(&file)
        .output()
        .expect("edge runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--watch rebuilds an app from its sources: pass the app's directory"),
        "{err}"
    );
}
