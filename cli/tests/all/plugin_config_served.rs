//! Hostile, through `edge serve`: a plugin in front of the app asks
//! `wasi:config` for everything, and for another part's secret, and reads
//! the app's key-value store (issue 27, finding 3). Before, it printed back
//! `auth.token` and `db.password`, and the app's keys; now it reads its own
//! keys (`probe.*`) and its own copy of the store alone, enforced inside
//! the composed component (`EDGE_UNDER_TEST=/path/to/old/edge` shows the
//! old server).

use std::time::Duration;

use edge_harness::{Progress, build_package};

use crate::support;
use crate::support::raw_http;
use crate::support::server::Server;

fn probed(server: &Server, action: &str) -> (u16, String) {
    let request =
        format!("GET / HTTP/1.1\r\nHost: test\r\nX-Probe: {action}\r\nConnection: close\r\n\r\n");
    let res = raw_http::exchange(&server.address, request.as_bytes(), Duration::from_secs(30));
    (res.status, res.text())
}

#[test]
fn a_plugin_reads_its_own_configuration_and_no_other_parts() {
    let app = build_package(
        support::workspace().join("examples/flightpath"),
        Progress::Quiet,
    )
    .expect("flightpath builds");
    let plugin = support::workspace().join("plugins/probe");
    let server = Server::start(
        &app,
        &[
            "--plugin",
            plugin.to_str().expect("a UTF-8 path"),
            "--config",
            "probe.greeting=hi",
            "--config",
            "auth.token=s3cret",
            "--config",
            "db.password=hunter2",
        ],
    );
    assert_eq!(
        probed(&server, "config-all"),
        (200, "probe.greeting=hi\n".to_owned())
    );
    assert_eq!(
        probed(&server, "config-key-db.password"),
        (200, "(none)".to_owned())
    );
    assert_eq!(probed(&server, "config"), (200, "hi".to_owned()));
}

#[test]
fn a_plugin_reads_its_own_copy_of_the_store_never_the_apps() {
    let plugin = support::workspace().join("plugins/probe");
    let dir = support::temp_dir("plugin-kv-served");
    let kv = dir.join("kv.sqlite");
    let server = Server::start(
        &support::test_programs(),
        &[
            "--plugin",
            plugin.to_str().expect("a UTF-8 path"),
            "--kv-path",
            kv.to_str().expect("a UTF-8 path"),
        ],
    );
    // The app writes `owner` in its default store.
    assert_eq!(
        server.get("/kv-named?store=default"),
        (200, "default: owner=default".to_owned())
    );
    assert_eq!(probed(&server, "kv-get-owner"), (200, "(none)".to_owned()));
    // The plugin counts in its own copy, which the app does not see.
    assert_eq!(probed(&server, "count"), (200, "1".to_owned()));
    assert_eq!(probed(&server, "count"), (200, "2".to_owned()));
    assert_eq!(
        server.get("/kv-named?store=default"),
        (200, "default: owner=default".to_owned())
    );
}
