//! Hostile, through `edge serve`: a plugin in front of the app asks
//! `wasi:config` for everything, and for another part's secret (issue 27,
//! finding 3). Before, it printed back `auth.token` and `db.password`; now
//! it reads its own keys (`probe.*`) alone, enforced inside the composed
//! component (`EDGE_UNDER_TEST=/path/to/old/edge` shows the old server).

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
