//! Byte ranges served from a stored whole response (RFC 9110 §14): one
//! range is a 206 of those bytes, a range past the end a 416; several
//! ranges, or an `If-Range` that does not name the stored response, get
//! the whole response. The origin is asked once.

use edge_harness::{MockResponse, TestApp};

use crate::support::{ORIGIN, TestResult, app_with, cache_keys};

/// An app whose origin's page is `0123456789`, fresh for a minute, with a
/// strong ETag; already stored.
fn stored_digits() -> edge_harness::Result<TestApp> {
    let app = app_with(|_| {
        MockResponse::text("0123456789")
            .header("cache-control", "max-age=60")
            .header("etag", "\"d1\"")
    })?;
    assert_eq!(app.get("/").send()?.header("x-cache"), Some("MISS"));
    Ok(app)
}

#[test]
fn one_range_is_a_206_of_its_bytes_from_the_store() -> TestResult {
    let app = stored_digits()?;
    for (range, body, content_range) in [
        ("bytes=2-5", "2345", "bytes 2-5/10"),
        ("bytes=-3", "789", "bytes 7-9/10"),
        ("bytes=7-", "789", "bytes 7-9/10"),
        ("bytes=8-100", "89", "bytes 8-9/10"),
    ] {
        let res = app.get("/").header("range", range).send()?;
        assert_eq!(res.status(), 206, "{range}: {}", res.text());
        assert_eq!(res.text(), body, "{range}");
        assert_eq!(res.header("content-range"), Some(content_range), "{range}");
        let length = body.len().to_string();
        assert_eq!(
            res.header("content-length"),
            Some(length.as_str()),
            "{range}"
        );
        assert_eq!(res.header("x-cache"), Some("HIT"));
        assert!(res.is_complete());
    }
    assert_eq!(app.outbound_count(ORIGIN), 1);
    Ok(())
}

#[test]
fn a_range_past_the_end_is_a_416_naming_the_length() -> TestResult {
    let app = stored_digits()?;
    let res = app.get("/").header("range", "bytes=10-").send()?;
    assert_eq!(res.status(), 416);
    assert_eq!(res.header("content-range"), Some("bytes */10"));
    assert_eq!(res.text(), "");
    Ok(())
}

#[test]
fn several_ranges_other_units_and_bad_syntax_get_the_whole_response() -> TestResult {
    let app = stored_digits()?;
    for range in ["bytes=0-1,4-5", "items=0-4", "bytes=5-2", "bytes=x-"] {
        let res = app.get("/").header("range", range).send()?;
        assert_eq!(res.status(), 200, "{range}");
        assert_eq!(res.text(), "0123456789", "{range}");
    }
    Ok(())
}

#[test]
fn if_range_must_name_the_stored_response_strongly() -> TestResult {
    let app = stored_digits()?;
    let part = app
        .get("/")
        .header("range", "bytes=0-1")
        .header("if-range", "\"d1\"")
        .send()?;
    assert_eq!(part.status(), 206);
    assert_eq!(part.text(), "01");
    for other in ["\"d0\"", "W/\"d1\"", "Tue, 14 Nov 2023 22:13:20 GMT"] {
        let whole = app
            .get("/")
            .header("range", "bytes=0-1")
            .header("if-range", other)
            .send()?;
        assert_eq!(whole.status(), 200, "If-Range: {other}");
        assert_eq!(whole.text(), "0123456789");
    }
    Ok(())
}

#[test]
fn a_range_inside_a_body_stored_in_chunks_is_read_exactly() -> TestResult {
    // 3 MiB: stored in several chunks of the key-value store.
    let body: Vec<u8> = (0..3u32 << 20).map(|i| (i % 251) as u8).collect();
    let origin = body.clone();
    let app = app_with(move |_| {
        MockResponse::new(200)
            .header("cache-control", "max-age=60")
            .body(origin.clone())
    })?;
    app.get("/").send()?;
    let chunks = cache_keys(&app, "c");
    assert!(chunks.len() > 1, "stored in one piece: {chunks:?}");
    let (first, last) = (1_500_000usize, 2_600_000usize);
    let res = app
        .get("/")
        .header("range", &format!("bytes={first}-{last}"))
        .send()?;
    assert_eq!(res.status(), 206);
    assert_eq!(res.header("x-cache"), Some("HIT"));
    assert!(
        res.bytes() == &body[first..=last],
        "the range's bytes differ"
    );
    Ok(())
}
