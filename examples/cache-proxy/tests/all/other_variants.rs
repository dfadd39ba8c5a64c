//! A variant not stored while another is (issue 26, RFC 9111 §4.3.1 and
//! §4.3.4): the cache offers the origin the entity tags of the variants it
//! has; a 304 naming one serves that one, and the body does not cross the
//! network again. A 304 naming none is not the client's answer: the
//! request goes again as the client made it.

use std::sync::{Arc, Mutex};

use edge_harness::{MockRequest, MockResponse};

use crate::support::{ORIGIN, TestResult, app_with};

/// The `If-None-Match` of each request the origin saw, in order.
type Seen = Arc<Mutex<Vec<Option<String>>>>;

fn seen_by(seen: &Seen, request: &MockRequest) -> Option<String> {
    let tags = request.header("if-none-match").map(str::to_owned);
    seen.lock().expect("the list").push(tags.clone());
    tags
}

#[test]
fn a_variant_not_stored_is_served_from_one_the_origin_confirms() -> TestResult {
    let seen = Seen::default();
    let origin = seen.clone();
    let app = app_with(move |request| {
        let page = |status: u16| {
            MockResponse::text(if status == 304 { "" } else { "the page" })
                .status(status)
                .header("cache-control", "max-age=60")
                .header("vary", "accept-language")
                .header("etag", "\"page-v1\"")
        };
        // One page for every language, as many sites serve.
        match seen_by(&origin, request) {
            Some(tags) if tags.contains("\"page-v1\"") => page(304),
            _ => page(200),
        }
    })?;
    let en = app.get("/").header("accept-language", "en").send()?;
    assert_eq!(en.header("x-cache"), Some("MISS"));

    let fr = app.get("/").header("accept-language", "fr").send()?;
    assert_eq!(fr.status(), 200, "{}", fr.stderr());
    assert_eq!(fr.text(), "the page");
    assert_eq!(fr.header("x-cache"), Some("REVALIDATED"), "{}", fr.stderr());
    let status = fr.header("cache-status").unwrap_or_default();
    assert!(status.contains("fwd=vary-miss; fwd-status=304"), "{status}");
    assert_eq!(
        *seen.lock().expect("the list"),
        [None, Some("\"page-v1\"".to_owned())]
    );

    // The stored variant keeps its own language: still a hit for it.
    let again = app.get("/").header("accept-language", "en").send()?;
    assert_eq!(again.header("x-cache"), Some("HIT"));
    assert_eq!(app.outbound_count(ORIGIN), 2);
    Ok(())
}

#[test]
fn a_304_that_names_no_offered_variant_sends_the_request_again_without_it() -> TestResult {
    let seen = Seen::default();
    let origin = seen.clone();
    let app = app_with(move |request| {
        if seen_by(&origin, request).is_some() {
            // A tag the cache never stored (a broken origin).
            return MockResponse::text("")
                .status(304)
                .header("etag", "\"other\"");
        }
        let language = request.header("accept-language").unwrap_or("none");
        MockResponse::text(format!("for {language}"))
            .header("cache-control", "max-age=60")
            .header("vary", "accept-language")
            .header("etag", &format!("\"v-{language}\""))
    })?;
    app.get("/").header("accept-language", "en").send()?;
    let fr = app.get("/").header("accept-language", "fr").send()?;
    assert_eq!(fr.status(), 200, "{}", fr.stderr());
    assert_eq!(fr.text(), "for fr");
    assert_eq!(fr.header("x-cache"), Some("MISS"));
    assert_eq!(
        *seen.lock().expect("the list"),
        [None, Some("\"v-en\"".to_owned()), None]
    );
    // What came back the second time is stored as the request's variant.
    let fr = app.get("/").header("accept-language", "fr").send()?;
    assert_eq!(fr.header("x-cache"), Some("HIT"));
    Ok(())
}

#[test]
fn a_clients_own_condition_goes_alone_and_its_304_is_the_clients() -> TestResult {
    let seen = Seen::default();
    let origin = seen.clone();
    let app = app_with(move |request| {
        let status = if seen_by(&origin, request).is_some() {
            304
        } else {
            200
        };
        MockResponse::text("page")
            .status(status)
            .header("cache-control", "max-age=60")
            .header("vary", "accept-language")
            .header("etag", "\"v1\"")
    })?;
    app.get("/").header("accept-language", "en").send()?;
    let fr = app
        .get("/")
        .header("accept-language", "fr")
        .header("if-none-match", "\"mine\"")
        .send()?;
    assert_eq!(fr.status(), 304);
    assert_eq!(
        *seen.lock().expect("the list"),
        [None, Some("\"mine\"".to_owned())]
    );
    Ok(())
}

#[test]
fn a_weak_tag_in_the_304_selects_the_variant_with_the_same_opaque_tag() -> TestResult {
    let app = app_with(move |request| {
        if request.header("if-none-match").is_some() {
            return MockResponse::text("")
                .status(304)
                .header("etag", "W/\"v1\"")
                .header("cache-control", "max-age=120");
        }
        MockResponse::text("page")
            .header("cache-control", "max-age=60")
            .header("vary", "accept-language")
            .header("etag", "\"v1\"")
    })?;
    app.get("/").header("accept-language", "en").send()?;
    let fr = app.get("/").header("accept-language", "fr").send()?;
    assert_eq!(fr.header("x-cache"), Some("REVALIDATED"), "{}", fr.stderr());
    assert_eq!(fr.text(), "page");
    // The 304's fields refreshed the stored variant.
    let en = app.get("/").header("accept-language", "en").send()?;
    assert_eq!(en.header("x-cache"), Some("HIT"));
    assert_eq!(en.header("cache-control"), Some("max-age=120"));
    Ok(())
}
