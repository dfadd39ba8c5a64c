//! The store's bound against what clients and origins choose: huge varied
//! request values, bodies that turn out too long, tag and Vary counts past
//! what a head records, and invalidation by an unsafe method the origin
//! refuses.

use edge_harness::http::Method;
use edge_harness::{MockResponse, TestApp};

use crate::support::{ORIGIN, TestResult, app_with, builder, cache_keys, secs};

/// The largest value under the cache's keys of kind `kind`.
fn largest(app: &TestApp, kind: &str) -> usize {
    let kv = app.kv("default");
    cache_keys(app, kind)
        .iter()
        .filter_map(|k| kv.get(k))
        .map(|v| v.len())
        .max()
        .unwrap_or(0)
}

#[test]
fn huge_varied_request_values_are_not_stored_and_heads_stay_small() -> TestResult {
    let app = app_with(|_| {
        MockResponse::text("negotiated")
            .header("cache-control", "max-age=600")
            .header("vary", "Accept-Encoding")
    })?;
    for i in 0..8 {
        let huge = format!("gzip, x-{i}-{}", "a".repeat(100 * 1024));
        let res = app.get("/").header("accept-encoding", &huge).send()?;
        assert_eq!(res.status(), 200, "{}", res.stderr());
        assert!(
            !res.header("cache-status").unwrap_or("").contains("stored"),
            "{:?}",
            res.header("cache-status")
        );
        assert!(
            res.stderr().contains("is not stored") && res.stderr().contains("16384"),
            "{}",
            res.stderr()
        );
    }
    assert!(
        largest(&app, "h") <= 33 * 1024,
        "a head of {} bytes",
        largest(&app, "h")
    );

    // An ordinary value is stored as ever.
    app.get("/").header("accept-encoding", "gzip").send()?;
    let hit = app.get("/").header("accept-encoding", "gzip").send()?;
    assert_eq!(hit.header("x-cache"), Some("HIT"));
    Ok(())
}

#[test]
fn a_revalidation_never_writes_a_head_past_the_limit() -> TestResult {
    let app = app_with(|req| {
        if req.header("if-none-match") == Some("\"v1\"") {
            return MockResponse::new(304).header("etag", "\"v1\"");
        }
        MockResponse::text("doc")
            .header("cache-control", "public, max-age=60")
            .header("etag", "\"v1\"")
    })?;
    app.get("/doc").send()?;
    app.clock().advance(secs(61));
    // The stored request keeps a client's Authorization: a huge one must
    // not ride into the store on a refresh.
    let token = format!("Bearer {}", "t".repeat(100 * 1024));
    let res = app.get("/doc").header("authorization", &token).send()?;
    assert_eq!(res.status(), 200, "{}", res.stderr());
    assert_eq!(res.header("x-cache"), Some("REVALIDATED"));
    assert!(
        largest(&app, "h") <= 33 * 1024,
        "a head of {} bytes",
        largest(&app, "h")
    );
    assert!(
        res.stderr().contains("is not refreshed") && res.stderr().contains("16384"),
        "{}",
        res.stderr()
    );
    Ok(())
}

#[test]
fn a_body_that_turns_out_too_long_evicts_nothing_stored() -> TestResult {
    // 16 chunks of 256 KiB; four stored entries of three chunks each.
    let app = builder()
        .config("cache-max-chunk-mib", "4")
        .mock(ORIGIN, |req| {
            if req.path().starts_with("/stream") {
                // 12 MiB, no Content-Length: too long only once it streams.
                return MockResponse::new(200)
                    .header("cache-control", "max-age=600")
                    .body(vec![7u8; 12 << 20]);
            }
            MockResponse::new(200)
                .header("cache-control", "max-age=600")
                .header("content-length", "600000")
                .body(vec![1u8; 600_000])
        })
        .package(env!("CARGO_MANIFEST_DIR"))?;
    let kept = ["/a", "/b", "/c", "/d"];
    for path in kept {
        app.get(path).send()?;
    }
    for i in 0..3 {
        let res = app.get(&format!("/stream/{i}")).send()?;
        assert!(res.is_complete(), "{:?} {}", res.failure(), res.stderr());
        assert_eq!(res.bytes().len(), 12 << 20);
    }
    for path in kept {
        let res = app.get(path).send()?;
        assert_eq!(res.header("x-cache"), Some("HIT"), "{path} was evicted");
    }
    Ok(())
}

#[test]
fn more_tags_than_a_head_records_are_not_stored_and_the_url_still_answers() -> TestResult {
    let tags: Vec<String> = (0..65_537).map(|i| format!("t{i}")).collect();
    let tags = tags.join(" ");
    let app = app_with(move |_| {
        MockResponse::text("tagged")
            .header("cache-control", "max-age=600")
            .header("surrogate-key", &tags)
    })?;
    for _ in 0..2 {
        let res = app.get("/tagged").send()?;
        assert_eq!(res.status(), 200, "{}", res.stderr());
        assert_eq!(res.text(), "tagged");
        assert_eq!(res.header("x-cache"), Some("MISS"));
        // The origin's 65,537 and the proxy's own `all`.
        assert!(res.stderr().contains("65538 tags"), "{}", res.stderr());
    }
    assert!(cache_keys(&app, "h").is_empty());
    Ok(())
}

#[test]
fn more_vary_names_than_a_head_records_are_not_stored() -> TestResult {
    let app = app_with(|req| {
        let count: usize = req
            .path()
            .trim_start_matches("/names/")
            .parse()
            .unwrap_or(1);
        let names: Vec<String> = (0..count).map(|i| format!("x-{i}")).collect();
        MockResponse::text("varied")
            .header("cache-control", "max-age=600")
            .header("vary", &names.join(","))
    })?;
    for _ in 0..2 {
        let res = app.get("/names/65").send()?;
        assert_eq!(res.status(), 200, "{}", res.stderr());
        assert_eq!(res.header("x-cache"), Some("MISS"));
        assert!(
            res.stderr().contains("varies on 65 headers"),
            "{}",
            res.stderr()
        );
    }
    // 65,537 names (what a 16-bit count wrote back wrong): refused just as
    // fast (the names are read once each). The ~450 KB header is then the
    // host's to refuse on its way to the client (0.2's fields budget does).
    let huge = app.get("/names/65537").send()?;
    assert!(
        huge.stderr().contains("varies on 65537 headers"),
        "{}",
        huge.stderr()
    );
    assert!(cache_keys(&app, "h").is_empty());
    Ok(())
}

#[test]
fn an_unsafe_method_the_origin_refuses_invalidates_nothing() -> TestResult {
    let app = app_with(|req| match *req.method() {
        Method::GET => MockResponse::text("page").header("cache-control", "max-age=600"),
        _ if req.header("authorization") == Some("Bearer ok") => MockResponse::new(204),
        _ => MockResponse::new(403),
    })?;
    app.get("/doc").send()?;
    for method in [Method::POST, Method::PUT, Method::DELETE, Method::PATCH] {
        let refused = app.request(method.clone(), "/doc").send()?;
        assert_eq!(refused.status(), 403);
        assert_eq!(
            app.get("/doc").send()?.header("x-cache"),
            Some("HIT"),
            "{method} refused by the origin invalidated the entry"
        );
    }
    let accepted = app
        .request(Method::DELETE, "/doc")
        .header("authorization", "Bearer ok")
        .send()?;
    assert_eq!(accepted.status(), 204);
    assert_eq!(app.get("/doc").send()?.header("x-cache"), Some("MISS"));
    Ok(())
}
