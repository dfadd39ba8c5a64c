//! Fields named in `Connection` belong to one hop (RFC 9110 §7.6.1): the
//! origin's are neither stored nor passed to the client, and the client's
//! never reach the origin. The host drops them, as wasmtime drops
//! `Connection` itself before the guest could read which they are.

use edge_harness::MockResponse;
use edge_harness::http::Method;

use crate::support::{TestResult, app_with};

#[test]
fn fields_the_origin_names_in_connection_are_not_stored_or_sent_on() -> TestResult {
    let app = app_with(|_| {
        MockResponse::text("page")
            .header("cache-control", "max-age=60")
            .header("connection", "X-Hop, close")
            .header("x-hop", "for the proxy only")
            .header("x-kept", "for everyone")
    })?;
    let miss = app.get("/").send()?;
    assert_eq!(miss.header("x-cache"), Some("MISS"));
    assert_eq!(miss.header("x-hop"), None);
    assert_eq!(miss.header("x-kept"), Some("for everyone"));
    let hit = app.get("/").send()?;
    assert_eq!(hit.header("x-cache"), Some("HIT"));
    assert_eq!(hit.header("x-hop"), None, "stored with the entry");
    assert_eq!(hit.header("x-kept"), Some("for everyone"));
    Ok(())
}

#[test]
fn fields_the_client_names_in_connection_never_reach_the_origin() -> TestResult {
    let app = app_with(|_| MockResponse::text("page"))?;
    // A POST: a GET through the cache forwards only what its key covers.
    app.request(Method::POST, "/")
        .header("connection", "x-token")
        .header("x-token", "for the first hop")
        .header("x-other", "forwarded")
        .send()?;
    let sent = app.outbound();
    let headers = &sent.first().expect("the origin was asked").headers;
    assert!(!headers.contains_key("x-token"), "{headers:?}");
    assert_eq!(
        headers.get("x-other").map(|v| v.as_bytes()),
        Some(&b"forwarded"[..])
    );
    Ok(())
}
