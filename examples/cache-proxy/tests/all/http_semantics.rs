//! The cache-proxy's HTTP semantics against mock origins, on a clock the
//! tests move: hits and misses, `Expires` and `Age`, revalidation with
//! `ETag` and `Last-Modified`, what must never be stored, `Vary`, stale
//! copies when the origin fails, and the hosts it runs on.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use edge_harness::{MockResponse, TestApp};

use crate::support::{ORIGIN, TestResult, app_with, builder, cache_keys, secs};

#[test]
fn a_miss_then_hits_with_one_upstream_call_and_the_age_counting() -> TestResult {
    let app = app_with(|req| {
        MockResponse::text(format!("page {}", req.path()))
            .header("cache-control", "max-age=60")
            .header("date", "Tue, 14 Nov 2023 22:13:20 GMT")
    })?;
    let first = app.get("/menu").send()?;
    assert_eq!(first.status(), 200, "{}", first.stderr());
    assert_eq!(first.header("x-cache"), Some("MISS"));
    assert_eq!(first.text(), "page /menu");

    let second = app.get("/menu").send()?;
    assert_eq!(second.header("x-cache"), Some("HIT"), "{}", second.stderr());
    assert_eq!(second.text(), "page /menu");
    assert_eq!(second.header("age"), Some("0"));
    assert_eq!(second.header("cache-control"), Some("max-age=60"));
    // The origin's Date: when it made the response; Age tells the rest.
    assert_eq!(second.header("date"), Some("Tue, 14 Nov 2023 22:13:20 GMT"));

    app.clock().advance(secs(42));
    let later = app.get("/menu").send()?;
    assert_eq!(later.header("x-cache"), Some("HIT"));
    assert_eq!(later.header("age"), Some("42"));
    assert_eq!(app.outbound_count(ORIGIN), 1);

    // Another URL is another entry.
    assert_eq!(
        app.get("/menu?page=2").send()?.header("x-cache"),
        Some("MISS")
    );
    assert_eq!(app.outbound_count(ORIGIN), 2);
    Ok(())
}

#[test]
fn a_hit_serves_every_line_of_a_repeated_field() -> TestResult {
    let app = app_with(|_| {
        MockResponse::text("page")
            .header("cache-control", "max-age=60")
            .header("link", "</a.css>; rel=preload")
            .header("link", "</b.js>; rel=preload")
    })?;
    let miss = app.get("/").send()?;
    assert_eq!(miss.header_all("link").len(), 2);
    for _ in 0..2 {
        let hit = app.get("/").send()?;
        assert_eq!(hit.header("x-cache"), Some("HIT"), "{}", hit.stderr());
        assert_eq!(
            hit.header_all("link"),
            [&b"</a.css>; rel=preload"[..], b"</b.js>; rel=preload"]
        );
        // Again with the client's own directive: the full policy decides.
        let _ = app.get("/").header("cache-control", "max-stale=5").send()?;
    }
    let checked = app.get("/").header("cache-control", "max-stale=5").send()?;
    assert_eq!(checked.header("x-cache"), Some("HIT"));
    assert_eq!(checked.header_all("link").len(), 2);
    Ok(())
}

#[test]
fn freshness_comes_from_expires_and_counts_the_origins_age() -> TestResult {
    let app = app_with(|req| match req.path() {
        // 30 s after its Date (the tests' start), no Cache-Control.
        "/expires" => MockResponse::text("expires")
            .header("date", "Tue, 14 Nov 2023 22:13:20 GMT")
            .header("expires", "Tue, 14 Nov 2023 22:13:50 GMT"),
        // Already 50 s old when it arrives: 10 s of freshness left.
        _ => MockResponse::text("aged")
            .header("cache-control", "max-age=60")
            .header("age", "50"),
    })?;
    for path in ["/expires", "/aged"] {
        app.get(path).send()?;
    }
    app.clock().advance(secs(9));
    let aged = app.get("/aged").send()?;
    assert_eq!(aged.header("x-cache"), Some("HIT"));
    assert_eq!(aged.header("age"), Some("59"));
    assert_eq!(app.get("/expires").send()?.header("x-cache"), Some("HIT"));

    app.clock().advance(secs(2));
    assert_eq!(app.get("/aged").send()?.header("x-cache"), Some("MISS"));
    app.clock().advance(secs(20));
    assert_eq!(app.get("/expires").send()?.header("x-cache"), Some("MISS"));
    assert_eq!(app.outbound_count(ORIGIN), 4);
    Ok(())
}

#[test]
fn after_max_age_a_conditional_request_answered_304_serves_and_refreshes_the_entry() -> TestResult {
    let app = app_with(|req| {
        if req.header("if-none-match") == Some("\"v1\"") {
            return MockResponse::new(304)
                .header("etag", "\"v1\"")
                .header("cache-control", "max-age=60");
        }
        MockResponse::text("version one")
            .header("etag", "\"v1\"")
            .header("cache-control", "max-age=60")
    })?;
    assert_eq!(app.get("/doc").send()?.header("x-cache"), Some("MISS"));

    app.clock().advance(secs(61));
    let revalidated = app.get("/doc").send()?;
    assert_eq!(revalidated.status(), 200, "{}", revalidated.stderr());
    assert_eq!(revalidated.header("x-cache"), Some("REVALIDATED"));
    assert_eq!(revalidated.text(), "version one");
    let sent = app.outbound();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1].headers["if-none-match"], "\"v1\"");

    // The 304 made the entry fresh for another 60 s.
    app.clock().advance(secs(30));
    let hit = app.get("/doc").send()?;
    assert_eq!(hit.header("x-cache"), Some("HIT"));
    assert_eq!(hit.header("age"), Some("30"));
    assert_eq!(hit.text(), "version one");
    assert_eq!(app.outbound_count(ORIGIN), 2);
    Ok(())
}

#[test]
fn last_modified_revalidates_with_if_modified_since_and_a_changed_page_replaces_the_entry()
-> TestResult {
    let changed = Arc::new(AtomicBool::new(false));
    let origin_changed = changed.clone();
    let app = app_with(move |req| {
        let modified = "Tue, 14 Nov 2023 22:00:00 GMT";
        if origin_changed.load(Ordering::SeqCst) {
            return MockResponse::text("second edition").header("cache-control", "max-age=60");
        }
        if req.header("if-modified-since") == Some(modified) {
            // A 304 names the validator it confirms (RFC 9111 §4.3.4).
            return MockResponse::new(304)
                .header("last-modified", modified)
                .header("cache-control", "max-age=60");
        }
        MockResponse::text("first edition")
            .header("last-modified", modified)
            .header("cache-control", "max-age=60")
    })?;
    assert_eq!(app.get("/book").send()?.text(), "first edition");
    app.clock().advance(secs(61));
    let revalidated = app.get("/book").send()?;
    assert_eq!(revalidated.header("x-cache"), Some("REVALIDATED"));
    assert_eq!(revalidated.text(), "first edition");

    changed.store(true, Ordering::SeqCst);
    app.clock().advance(secs(61));
    let replaced = app.get("/book").send()?;
    assert_eq!(replaced.header("x-cache"), Some("MISS"));
    assert_eq!(replaced.text(), "second edition");
    let hit = app.get("/book").send()?;
    assert_eq!(
        (hit.header("x-cache"), hit.text().as_str()),
        (Some("HIT"), "second edition")
    );
    assert_eq!(app.outbound_count(ORIGIN), 3);
    Ok(())
}

#[test]
fn no_store_private_and_set_cookie_responses_are_never_stored() -> TestResult {
    let app = app_with(|req| {
        let res = MockResponse::text("secret");
        match req.path() {
            "/no-store" => res.header("cache-control", "no-store, max-age=60"),
            "/private" => res.header("cache-control", "private, max-age=60"),
            _ => res
                .header("cache-control", "max-age=60")
                .header("set-cookie", "session=1"),
        }
    })?;
    for path in ["/no-store", "/private", "/cookie"] {
        for _ in 0..2 {
            let res = app.get(path).send()?;
            assert_eq!(res.header("x-cache"), Some("MISS"), "{path}");
            assert_eq!(res.text(), "secret");
        }
    }
    assert_eq!(app.outbound_count(ORIGIN), 6);
    assert_eq!(cache_keys(&app, "h"), Vec::<String>::new());
    Ok(())
}

#[test]
fn vary_accept_encoding_keeps_the_variants_apart() -> TestResult {
    let app = app_with(|req| {
        let encoding = req.header("accept-encoding").unwrap_or("none").to_owned();
        MockResponse::text(format!("body for {encoding}"))
            .header("cache-control", "max-age=60")
            .header("vary", "Accept-Encoding")
    })?;
    let get = |encoding: &str| {
        app.get("/styles.css")
            .header("accept-encoding", encoding)
            .send()
    };
    assert_eq!(get("gzip")?.header("x-cache"), Some("MISS"));
    assert_eq!(get("br")?.header("x-cache"), Some("MISS"));
    for encoding in ["gzip", "br"] {
        let res = get(encoding)?;
        assert_eq!(res.header("x-cache"), Some("HIT"), "{encoding}");
        assert_eq!(res.text(), format!("body for {encoding}"));
    }
    let none = app.get("/styles.css").send()?;
    assert_eq!(
        (none.header("x-cache"), none.text().as_str()),
        (Some("MISS"), "body for none")
    );
    assert_eq!(app.outbound_count(ORIGIN), 3);
    Ok(())
}

#[test]
fn an_origin_down_with_stale_if_error_serves_the_stale_entry_within_the_window() -> TestResult {
    let down = Arc::new(AtomicBool::new(false));
    let origin_down = down.clone();
    let app = app_with(
        move |req| match (origin_down.load(Ordering::SeqCst), req.path()) {
            (true, "/refused") => MockResponse::refused(),
            (true, _) => MockResponse::text("overloaded").status(503),
            (false, _) => MockResponse::text("the good page")
                .header("cache-control", "max-age=60, stale-if-error=600"),
        },
    )?;
    for path in ["/refused", "/503"] {
        assert_eq!(app.get(path).send()?.header("x-cache"), Some("MISS"));
    }
    down.store(true, Ordering::SeqCst);
    app.clock().advance(secs(120));
    for path in ["/refused", "/503"] {
        let stale = app.get(path).send()?;
        assert_eq!(stale.status(), 200, "{path}: {}", stale.stderr());
        assert_eq!(stale.header("x-cache"), Some("STALE"), "{path}");
        assert_eq!(stale.header("age"), Some("120"));
        assert_eq!(stale.text(), "the good page");
    }

    // Past max-age + stale-if-error, the failure shows.
    app.clock().advance(secs(600));
    assert_eq!(app.get("/refused").send()?.status(), 502);
    assert_eq!(app.get("/503").send()?.status(), 503);
    Ok(())
}

#[test]
fn must_revalidate_forbids_serving_stale_even_when_the_origin_is_down() -> TestResult {
    let down = Arc::new(AtomicBool::new(false));
    let origin_down = down.clone();
    let app = app_with(move |_| {
        if origin_down.load(Ordering::SeqCst) {
            return MockResponse::refused();
        }
        MockResponse::text("strict").header(
            "cache-control",
            "max-age=60, must-revalidate, stale-if-error=600",
        )
    })?;
    app.get("/").send()?;
    down.store(true, Ordering::SeqCst);
    app.clock().advance(secs(61));
    assert_eq!(app.get("/").send()?.status(), 502);
    Ok(())
}

#[test]
fn inside_stale_while_revalidate_the_stale_copy_answers_and_the_origin_is_asked_after() -> TestResult
{
    let calls = Arc::new(AtomicU32::new(0));
    let counted = calls.clone();
    let app = app_with(move |_| {
        let n = counted.fetch_add(1, Ordering::SeqCst) + 1;
        MockResponse::text(format!("version {n}"))
            .header("cache-control", "max-age=60, stale-while-revalidate=30")
    })?;
    app.get("/page").send()?;
    app.clock().advance(secs(70));
    let stale = app.get("/page").send()?;
    assert_eq!(stale.status(), 200, "{}", stale.stderr());
    assert_eq!(stale.header("x-cache"), Some("STALE"));
    assert_eq!(stale.text(), "version 1");
    assert_eq!(
        stale.header("cache-status"),
        Some("edge; hit; ttl=-10; detail=stale-while-revalidate")
    );
    // Asked after the response was sent, within the same request: the
    // new answer is stored.
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let fresh = app.get("/page").send()?;
    assert_eq!(
        (fresh.header("x-cache"), fresh.text().as_str()),
        (Some("HIT"), "version 2")
    );
    Ok(())
}

#[test]
fn a_revalidation_after_the_response_that_fails_leaves_the_stale_copy_and_says_so() -> TestResult {
    let down = Arc::new(AtomicBool::new(false));
    let is_down = down.clone();
    let app = app_with(move |_| {
        if is_down.load(Ordering::SeqCst) {
            return MockResponse::new(503);
        }
        MockResponse::text("kept").header("cache-control", "max-age=60, stale-while-revalidate=30")
    })?;
    app.get("/page").send()?;
    down.store(true, Ordering::SeqCst);
    app.clock().advance(secs(70));
    let stale = app.get("/page").send()?;
    assert_eq!(
        (stale.header("x-cache"), stale.text().as_str()),
        (Some("STALE"), "kept")
    );
    assert!(
        stale
            .stderr()
            .contains("after the response: the origin answered 503"),
        "{}",
        stale.stderr()
    );
    // Past the window the request waits for the origin, which fails.
    app.clock().advance(secs(60));
    assert_eq!(app.get("/page").send()?.status(), 503);
    Ok(())
}

#[test]
fn the_same_component_runs_on_wasmtimes_own_keyvalue_store() -> TestResult {
    // What `wasmtime serve -S cli -S keyvalue` links: the empty identifier
    // only, each instance a private copy, so every request is a miss.
    let app = builder()
        .reference_keyvalue(Vec::<(String, String)>::new())
        .mock(ORIGIN, |_| {
            MockResponse::text("hello").header("cache-control", "max-age=60")
        })
        .package(env!("CARGO_MANIFEST_DIR"))?;
    for _ in 0..2 {
        let res = app.get("/").send()?;
        assert_eq!(res.status(), 200, "{}", res.stderr());
        assert_eq!(res.header("x-cache"), Some("MISS"));
        assert_eq!(res.text(), "hello");
        assert_eq!(res.stderr(), "");
    }
    Ok(())
}

#[test]
fn a_host_without_keyvalue_refuses_the_component_naming_the_import() -> TestResult {
    let wasm =
        edge_harness::build_package(env!("CARGO_MANIFEST_DIR"), edge_harness::Progress::Quiet)?;
    let error = match TestApp::builder().standard_interfaces_only().file(wasm) {
        Ok(_) => panic!("a cache needs wasi:keyvalue"),
        Err(e) => format!("{e:#}"),
    };
    assert!(error.contains("wasi:keyvalue/"), "{error}");
    Ok(())
}
