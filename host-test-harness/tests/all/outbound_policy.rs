//! The outbound policy as a guest meets it: a host it was not granted, a
//! redirect to one, and headers only the host may set are refused with
//! errors the guest sees; none reaches the network. (`edge serve` applies
//! the same policy: the `edge` command's `outbound_policy_served` test.)

use edge_harness::{MockResponse, OutboundOutcome, TestApp};
use edge_test_programs::routes;

use crate::support;

fn app(builder: edge_harness::TestAppBuilder) -> TestApp {
    builder
        .package(support::test_programs_package())
        .expect("test programs build and load")
}

#[test]
fn a_host_not_granted_is_denied_to_the_guest() {
    let app = app(TestApp::builder());
    let res = app
        .get(&format!("{}?url=http://evil.test/steal", routes::FETCH))
        .send();
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
    let plain = app
        .get(&format!("{}?url=http://allowed.test/", routes::FETCH))
        .send();
    assert_eq!(
        plain.expect("a response").text(),
        "status 302",
        "the host hands the redirect to the guest"
    );
    let followed = app
        .get(&format!(
            "{}?url=http://allowed.test/",
            routes::FETCH_FOLLOW
        ))
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
        .map(|r| (r.uri.to_string(), r.outcome))
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
                "{}?name={name}&url=http://allowed.test/",
                routes::FETCH_HEADER
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
        .get(&format!(
            "{}?name=x-trace&url=http://allowed.test/",
            routes::FETCH_HEADER
        ))
        .send();
    assert_eq!(res.expect("a response").text(), "status 200");
}
