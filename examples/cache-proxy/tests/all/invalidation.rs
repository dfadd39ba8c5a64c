//! An unsafe method invalidates what its answer names in `Location` and
//! `Content-Location` on the same origin, besides its own URL (RFC 9111
//! §4.4).

use edge_harness::MockResponse;
use edge_harness::http::Method;

use crate::support::{TestResult, app_with};

#[test]
fn a_post_invalidates_its_location_and_content_location() -> TestResult {
    let app = app_with(|req| {
        if req.path() == "/orders" {
            return MockResponse::new(303)
                .header("location", "/orders/7")
                .header("content-location", "https://origin.example.com/receipt");
        }
        MockResponse::text(format!("page {}", req.path())).header("cache-control", "max-age=600")
    })?;
    for path in ["/orders/7", "/receipt", "/other"] {
        app.get(path).send()?;
        assert_eq!(
            app.get(path).send()?.header("x-cache"),
            Some("HIT"),
            "{path}"
        );
    }
    let posted = app.request(Method::POST, "/orders").send()?;
    assert_eq!(posted.status(), 303);
    for (path, after) in [
        ("/orders/7", "MISS"),
        ("/receipt", "MISS"),
        ("/other", "HIT"),
    ] {
        assert_eq!(
            app.get(path).send()?.header("x-cache"),
            Some(after),
            "{path}"
        );
    }
    Ok(())
}
