//! The cache-proxy's store: purges by tag and by URL, bodies in chunks,
//! bodies too large to store, and the bounds on entries and chunks.

use edge_harness::http::Method;
use edge_harness::{LimitSettings, MockResponse};

use crate::support::{ORIGIN, TestResult, app_with, builder, cache_keys, secs};

#[test]
fn a_purge_by_surrogate_key_removes_every_entry_with_that_tag_and_no_other() -> TestResult {
    let app = app_with(|req| {
        let tags = match req.path() {
            "/a" => "news",
            "/b" => "news sport",
            _ => "sport",
        };
        MockResponse::text(req.path())
            .header("cache-control", "max-age=600")
            .header("surrogate-key", tags)
    })?;
    for path in ["/a", "/b", "/c"] {
        let res = app.get(path).send()?;
        assert_eq!(res.header("x-cache"), Some("MISS"));
        assert_eq!(
            res.header("surrogate-key"),
            None,
            "the tags are the cache's own"
        );
    }
    let refused = app.post("/_cache/purge/news").send()?;
    assert_eq!(refused.status(), 401);
    assert_eq!(app.get("/a").send()?.header("x-cache"), Some("HIT"));

    let purged = app
        .post("/_cache/purge/news")
        .header("authorization", "Bearer let-me-purge")
        .send()?;
    assert_eq!(purged.status(), 200, "{}", purged.stderr());
    assert_eq!(app.get("/a").send()?.header("x-cache"), Some("MISS"));
    assert_eq!(app.get("/b").send()?.header("x-cache"), Some("MISS"));
    assert_eq!(app.get("/c").send()?.header("x-cache"), Some("HIT"));

    // The app's own tag: the proxy tags every entry `all`.
    app.post("/_cache/purge/all")
        .header("authorization", "Bearer let-me-purge")
        .send()?;
    for path in ["/a", "/b", "/c"] {
        assert_eq!(
            app.get(path).send()?.header("x-cache"),
            Some("MISS"),
            "{path}"
        );
    }
    Ok(())
}

#[test]
fn a_purge_of_one_url_removes_it_and_an_unsafe_method_invalidates_it() -> TestResult {
    let app = app_with(|req| {
        MockResponse::text(format!("{} {}", req.method(), req.path()))
            .header("cache-control", "max-age=600")
    })?;
    let purge = Method::from_bytes(b"PURGE")?;
    for path in ["/x?q=1", "/y"] {
        app.get(path).send()?;
    }
    let refused = app.request(purge.clone(), "/x?q=1").send()?;
    assert_eq!(refused.status(), 401);
    let purged = app
        .request(purge, "/x?q=1")
        .header("authorization", "Bearer let-me-purge")
        .send()?;
    assert_eq!(purged.text(), "purged https://origin.example.com/x?q=1");
    assert_eq!(app.get("/x?q=1").send()?.header("x-cache"), Some("MISS"));
    assert_eq!(app.get("/y").send()?.header("x-cache"), Some("HIT"));

    let posted = app.post("/y").body("new").send()?;
    assert_eq!(
        (posted.header("x-cache"), posted.text().as_str()),
        (Some("MISS"), "POST /y")
    );
    assert_eq!(app.get("/y").send()?.header("x-cache"), Some("MISS"));
    Ok(())
}

#[test]
fn a_body_over_the_inline_size_is_stored_in_chunks_of_at_most_256_kib() -> TestResult {
    let body: Vec<u8> = (0..600_000u32).map(|i| (i % 251) as u8).collect();
    let expected = body.clone();
    let app = app_with(move |_| {
        MockResponse::new(200)
            .header("cache-control", "max-age=60")
            .body(body.clone())
    })?;
    let miss = app.get("/big").send()?;
    assert_eq!(miss.header("x-cache"), Some("MISS"));
    assert!(miss.bytes() == &expected[..]);
    let hit = app.get("/big").send()?;
    assert_eq!(hit.header("x-cache"), Some("HIT"), "{}", hit.stderr());
    assert_eq!(hit.header("content-length"), Some("600000"));
    assert!(hit.bytes() == &expected[..], "the stored body changed");

    let chunks = cache_keys(&app, "c");
    assert_eq!(chunks.len(), 3, "{chunks:?}");
    let kv = app.kv("default");
    let largest = kv
        .keys()
        .iter()
        .filter_map(|k| kv.get(k))
        .map(|v| v.len())
        .max();
    assert_eq!(largest, Some(256 * 1024));
    Ok(())
}

#[test]
fn a_stored_body_missing_a_chunk_is_never_served_as_if_whole() -> TestResult {
    let body: Vec<u8> = (0..600_000u32).map(|i| (i % 241) as u8).collect();
    let expected = body.clone();
    let app = app_with(move |_| {
        MockResponse::new(200)
            .header("cache-control", "max-age=60")
            .body(body.clone())
    })?;
    app.get("/big").send()?;
    let chunks = cache_keys(&app, "c");
    let first = chunks.iter().find(|k| k.ends_with("/0")).expect("chunk 0");
    let second = first.replace("/0", "/1");

    // A later chunk gone (evicted while sent): the response is cut, so the
    // client sees it is incomplete.
    app.kv("default").delete(&second);
    let cut = app.get("/big").send()?;
    assert_eq!(cut.header("x-cache"), Some("HIT"));
    assert!(!cut.is_complete(), "a body missing a chunk looked whole");
    assert!(
        cut.stderr()
            .contains("was removed while its entry was being sent"),
        "{}",
        cut.stderr()
    );

    // The first chunk gone: the entry is not used at all.
    app.kv("default").delete(first);
    let refetched = app.get("/big").send()?;
    assert_eq!(refetched.header("x-cache"), Some("MISS"));
    assert!(refetched.bytes() == &expected[..]);
    Ok(())
}

#[test]
fn chunked_bodies_stay_within_max_chunk_bytes_evicting_their_entries() -> TestResult {
    let app = builder()
        .config("cache-max-chunk-mib", "1") // four chunks of 256 KiB
        .mock(ORIGIN, |req| {
            let fill = req.path().len() as u8;
            MockResponse::new(200)
                .header("cache-control", "max-age=600")
                .body(vec![fill; 600_000])
        })
        .package(env!("CARGO_MANIFEST_DIR"))?;
    for path in ["/a", "/bb", "/ccc"] {
        let res = app.get(path).send()?;
        assert_eq!(res.bytes().len(), 600_000, "{}", res.stderr());
        assert!(cache_keys(&app, "c").len() <= 4, "after {path}");
    }
    let latest = app.get("/ccc").send()?;
    assert_eq!(latest.header("x-cache"), Some("HIT"));
    assert!(latest.bytes().iter().all(|&b| b == 4));
    assert_eq!(app.get("/a").send()?.header("x-cache"), Some("MISS"));
    Ok(())
}

#[test]
fn a_100_mib_origin_body_streams_through_a_32_mib_guest_uncached() -> TestResult {
    let big: Vec<u8> = (0..100u32 << 20).map(|i| (i % 253) as u8).collect();
    let expected = big.clone();
    let app = builder()
        .limits(LimitSettings {
            max_memory_mib: Some(32),
            ..LimitSettings::default()
        })
        .max_response_body(128 << 20)
        .mock(ORIGIN, move |_| {
            MockResponse::new(200)
                .header("content-type", "application/octet-stream")
                .header("content-length", &big.len().to_string())
                .header("cache-control", "max-age=60")
                .body(big.clone())
        })
        .package(env!("CARGO_MANIFEST_DIR"))?;
    for _ in 0..2 {
        let res = app.get("/big.bin").send()?;
        assert_eq!(res.status(), 200, "{:?} {}", res.failure(), res.stderr());
        assert!(res.is_complete(), "{:?}", res.failure());
        assert_eq!(res.header("x-cache"), Some("MISS"));
        assert_eq!(res.bytes().len(), expected.len());
        assert!(res.bytes() == &expected[..], "the body changed on the way");
    }
    assert_eq!(app.outbound_count(ORIGIN), 2);
    assert!(cache_keys(&app, "c").is_empty() && cache_keys(&app, "h").is_empty());
    Ok(())
}

#[test]
fn a_body_without_length_is_copied_until_it_passes_the_cap_then_the_copy_is_dropped() -> TestResult
{
    // 12 MiB, no Content-Length: over the 8 MiB cap only once it streams.
    let big: Vec<u8> = (0..12u32 << 20).map(|i| (i % 249) as u8).collect();
    let expected = big.clone();
    let app = builder()
        .limits(LimitSettings {
            max_memory_mib: Some(32),
            ..LimitSettings::default()
        })
        .mock(ORIGIN, move |_| {
            MockResponse::new(200)
                .header("cache-control", "max-age=60")
                .body(big.clone())
        })
        .package(env!("CARGO_MANIFEST_DIR"))?;
    let res = app.get("/stream").send()?;
    assert!(res.is_complete(), "{:?} {}", res.failure(), res.stderr());
    assert!(res.bytes() == &expected[..]);
    assert_eq!(app.get("/stream").send()?.header("x-cache"), Some("MISS"));
    assert!(
        cache_keys(&app, "c").is_empty(),
        "the dropped copy's chunks are gone"
    );
    assert!(cache_keys(&app, "h").is_empty());
    Ok(())
}

#[test]
fn the_store_stays_within_max_entries_oldest_first() -> TestResult {
    let app = builder()
        .config("cache-max-entries", "4")
        .mock(ORIGIN, |req| {
            MockResponse::text(req.path()).header("cache-control", "max-age=600")
        })
        .package(env!("CARGO_MANIFEST_DIR"))?;
    for i in 0..20 {
        app.get(&format!("/page/{i}")).send()?;
        assert!(cache_keys(&app, "h").len() <= 4, "after page {i}");
    }
    assert_eq!(app.get("/page/19").send()?.header("x-cache"), Some("HIT"));
    assert_eq!(app.get("/page/0").send()?.header("x-cache"), Some("MISS"));
    Ok(())
}

#[test]
fn expired_entries_are_removed_on_read_and_by_the_sweep() -> TestResult {
    let app = builder()
        .config("cache-max-entries", "8")
        .mock(ORIGIN, |req| {
            MockResponse::text(req.path()).header("cache-control", "max-age=10")
        })
        .package(env!("CARGO_MANIFEST_DIR"))?;
    for i in 0..4 {
        app.get(&format!("/old/{i}")).send()?;
    }
    assert_eq!(cache_keys(&app, "h").len(), 4);
    // Past max-age and the day expired entries are kept for clients that
    // take them stale.
    app.clock().advance(secs(11 + 24 * 3600));
    // Reading an expired entry removes it (and stores the new answer).
    assert_eq!(app.get("/old/0").send()?.header("x-cache"), Some("MISS"));
    // Each write sweeps the slot half the ring away: four more writes
    // reach the other three expired entries.
    for i in 0..4 {
        app.get(&format!("/new/{i}")).send()?;
    }
    let heads = cache_keys(&app, "h").len();
    assert_eq!(heads, 5, "the new entries and /old/0 again");
    Ok(())
}
