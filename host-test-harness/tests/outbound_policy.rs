//! The outbound policy as a guest meets it: a host it was not granted, a
//! redirect to one, and headers only the host may set are refused with
//! errors the guest sees; none reaches the network.

mod support;

use edge_harness::{MockResponse, OutboundOutcome, TestApp};
use support::server::Server;

fn app(builder: edge_harness::TestAppBuilder) -> TestApp {
    builder
        .package(support::workspace().join("test-programs"))
        .expect("test programs build and load")
}

#[test]
fn a_host_not_granted_is_denied_to_the_guest() {
    let app = app(TestApp::builder());
    let res = app.get("/fetch?url=http://evil.test/steal").send();
    assert_eq!(res.expect("a response").text(), "Denied");
    let outbound = app.outbound();
    assert_eq!(outbound.len(), 1);
    assert_eq!(outbound[0].outcome, OutboundOutcome::Denied);
}

#[test]
fn a_redirect_to_a_host_not_granted_is_not_followed_and_is_denied_when_followed_by_hand() {
    let app = app(TestApp::builder().mock("allowed.test", |_| {
        MockResponse::new(302).header("location", "http://evil.test/steal")
    }));
    let plain = app.get("/fetch?url=http://allowed.test/").send();
    assert_eq!(
        plain.expect("a response").text(),
        "status 302",
        "the host hands the redirect to the guest"
    );
    let followed = app
        .get("/fetch-follow?url=http://allowed.test/")
        .send()
        .expect("a response");
    assert!(
        followed
            .text()
            .starts_with("second hop Denied: fetch http://evil.test/steal: "),
        "{}",
        followed.text()
    );
    let outcomes: Vec<(String, OutboundOutcome)> = app
        .outbound()
        .into_iter()
        .map(|r| (r.url, r.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("http://allowed.test/".to_owned(), OutboundOutcome::Mocked),
            ("http://allowed.test/".to_owned(), OutboundOutcome::Mocked),
            ("http://evil.test/steal".to_owned(), OutboundOutcome::Denied),
        ]
    );
}

#[test]
fn headers_only_the_host_sets_are_refused_by_name() {
    let app = app(TestApp::builder().mock("allowed.test", |_| MockResponse::text("ok")));
    for name in ["host", "connection", "transfer-encoding"] {
        let res = app
            .get(&format!(
                "/fetch-header?name={name}&url=http://allowed.test/"
            ))
            .send()
            .expect("a response");
        assert_eq!(
            res.text(),
            format!(
                "InvalidRequest: fetch http://allowed.test/: header `{name}` cannot be set on \
                 an outgoing request: the host sets it"
            )
        );
    }
    assert!(app.outbound().is_empty(), "nothing left the guest");
    // An ordinary header goes through.
    let res = app
        .get("/fetch-header?name=x-trace&url=http://allowed.test/")
        .send();
    assert_eq!(res.expect("a response").text(), "status 200");
}

#[test]
fn edge_serve_applies_the_same_policy() {
    let upstream = Server::start(&support::test_programs(), &["--kv-memory"]);
    let host = upstream.address.clone();
    let server = Server::start(
        &support::test_programs(),
        &["--kv-memory", "--allow-outbound", &host],
    );
    let redirect = format!("http://{host}/redirect?to=http://127.0.0.1:9/steal");
    let (status, text) = server.get(&format!("/fetch-follow?url={redirect}"));
    assert_eq!(status, 200);
    assert!(
        text.starts_with("second hop Denied: fetch http://127.0.0.1:9/steal: "),
        "{text}"
    );
    assert_eq!(
        server.get("/fetch?url=http://127.0.0.1:9/steal"),
        (200, "Denied".to_owned()),
        "a host not granted"
    );
    for name in ["host", "connection", "transfer-encoding"] {
        let (_, text) = server.get(&format!(
            "/fetch-header?name={name}&url=http://{host}/hello"
        ));
        assert_eq!(
            text,
            format!(
                "InvalidRequest: fetch http://{host}/hello: header `{name}` cannot be set on \
                 an outgoing request: the host sets it"
            )
        );
    }
    assert!(
        !upstream.log().contains("GET /hello"),
        "a refused request reached the upstream: {}",
        upstream.log()
    );
    let log = server.log_with("outbound request to 127.0.0.1:9 denied");
    assert!(
        log.contains("outbound request to 127.0.0.1:9 denied"),
        "{log}"
    );
}
