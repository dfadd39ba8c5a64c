//! `edge serve` applies the outbound policy TestApp's tests check: a host
//! not granted, a redirect to one, and headers only the host may set are
//! refused with errors the guest sees; none reaches the network.

use edge_test_programs::routes;

use crate::support;
use crate::support::server::Server;

#[test]
fn edge_serve_applies_the_same_policy() {
    let upstream = Server::start(&support::test_programs(), &["--kv-memory"]);
    let host = upstream.address.clone();
    let server = Server::start(
        &support::test_programs(),
        &["--kv-memory", "--allow-outbound", &host],
    );
    let redirect = format!("http://{host}/redirect?to=http://127.0.0.1:9/steal");
    let (status, text) = server.get(&format!("{}?url={redirect}", routes::FETCH_FOLLOW));
    assert_eq!(status, 200);
    assert!(
        text.starts_with("second hop Denied: fetch http://127.0.0.1:9/steal: "),
        "{text}"
    );
    assert_eq!(
        server.get(&format!("{}?url=http://127.0.0.1:9/steal", routes::FETCH)),
        (200, "Denied".to_owned()),
        "a host not granted"
    );
    for name in ["host", "connection", "transfer-encoding"] {
        let (_, text) = server.get(&format!(
            "{}?name={name}&url=http://{host}/hello",
            routes::FETCH_HEADER
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
