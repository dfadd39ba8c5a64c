//! `HEAD` and the stored `GET`: a `HEAD` is answered from the stored
//! response to `GET` (RFC 9110 §9.3.2), and a `200` to a `HEAD` the cache
//! sent updates that stored response, or removes it when it no longer
//! describes the resource (RFC 9111 §4.3.5). A `HEAD`'s empty answer is
//! never stored as the resource.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use edge_harness::MockResponse;
use edge_harness::http::Method;

use crate::support::{ORIGIN, TestResult, app_with, secs};

#[test]
fn a_head_is_answered_from_the_stored_get() -> TestResult {
    let app = app_with(|_| {
        MockResponse::text("the document")
            .header("cache-control", "max-age=600")
            .header("etag", "\"v1\"")
    })?;
    assert_eq!(app.get("/doc").send()?.header("x-cache"), Some("MISS"));
    let head = app.request(Method::HEAD, "/doc").send()?;
    assert_eq!(head.status(), 200, "{:?} {}", head.failure(), head.stderr());
    assert_eq!(head.header("x-cache"), Some("HIT"));
    assert_eq!(head.header("etag"), Some("\"v1\""));
    assert_eq!(head.text(), "");
    assert_eq!(app.outbound_count(ORIGIN), 1);
    Ok(())
}

#[test]
fn a_heads_empty_answer_is_never_served_to_a_get() -> TestResult {
    let app = app_with(|req| {
        MockResponse::text(if req.method() == Method::HEAD {
            ""
        } else {
            "full body"
        })
        .header("cache-control", "max-age=600")
    })?;
    let head = app.request(Method::HEAD, "/doc").send()?;
    assert_eq!(head.status(), 200, "{}", head.stderr());
    let get = app.get("/doc").send()?;
    assert_eq!(
        (get.header("x-cache"), get.text().as_str()),
        (Some("MISS"), "full body")
    );
    Ok(())
}

#[test]
fn a_head_200_refreshes_the_stored_get_or_removes_a_changed_one() -> TestResult {
    // No validator: a stale entry is not revalidated but asked for anew,
    // and a HEAD then brings a 200.
    let version = Arc::new(AtomicU32::new(1));
    let current = version.clone();
    let app = app_with(move |req| {
        let v = current.load(Ordering::SeqCst);
        let body = format!("version {v}");
        let res = MockResponse::new(200)
            .header("cache-control", "max-age=60")
            .header("content-length", &body.len().to_string())
            .header("x-version", &v.to_string());
        if req.method() == Method::HEAD {
            res
        } else {
            res.body(body)
        }
    })?;
    app.get("/doc").send()?;
    app.clock().advance(secs(61));
    // Same length: the HEAD's headers refresh the stored GET.
    let head = app.request(Method::HEAD, "/doc").send()?;
    assert_eq!(head.status(), 200, "{}", head.stderr());
    let get = app.get("/doc").send()?;
    assert_eq!(
        (get.header("x-cache"), get.text().as_str()),
        (Some("HIT"), "version 1")
    );

    // The resource changed (another length): the stored GET goes.
    version.store(22, Ordering::SeqCst);
    app.clock().advance(secs(61));
    app.request(Method::HEAD, "/doc").send()?;
    let get = app.get("/doc").send()?;
    assert_eq!(
        (get.header("x-cache"), get.text().as_str()),
        (Some("MISS"), "version 22")
    );
    Ok(())
}
