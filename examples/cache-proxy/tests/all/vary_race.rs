//! The Vary marker race (issue 26): two requests for different variants
//! arrive together, and the second misses the marker the first has not
//! written yet. Each then writes the marker; the first variant must stay
//! reachable. Reproduced without threads: the marker is removed after the
//! first variant is stored, as if it had not been written yet.

use edge_harness::{MockRequest, MockResponse, TestApp};

use crate::support::{TestResult, app_with, cache_keys};

fn by_language(request: &MockRequest) -> MockResponse {
    let language = request
        .header("accept-language")
        .unwrap_or("none")
        .to_owned();
    MockResponse::text(format!("page in {language}"))
        .header("cache-control", "max-age=60")
        .header("vary", "Accept-Language")
}

fn in_language(app: &TestApp, language: &str) -> edge_harness::Result<edge_harness::TestResponse> {
    app.get("/").header("accept-language", language).send()
}

#[test]
fn a_variant_stored_before_a_racing_marker_stays_reachable() -> TestResult {
    let app = app_with(by_language)?;
    assert_eq!(in_language(&app, "en")?.header("x-cache"), Some("MISS"));
    // The heads now: the marker and the English variant. The marker is the
    // small one (the names it varies on, no stored response).
    let store = app.kv("default");
    let marker = cache_keys(&app, "h")
        .into_iter()
        .min_by_key(|key| store.get(key).map_or(usize::MAX, |v| v.len()))
        .expect("heads stored");
    store.delete(&marker);

    let french = in_language(&app, "fr")?;
    assert_eq!(french.header("x-cache"), Some("MISS"));
    assert_eq!(french.text(), "page in fr");
    let english = in_language(&app, "en")?;
    assert_eq!(english.text(), "page in en");
    assert_eq!(
        english.header("x-cache"),
        Some("HIT"),
        "the English variant was lost behind the French request's marker"
    );
    assert_eq!(in_language(&app, "fr")?.header("x-cache"), Some("HIT"));
    Ok(())
}
