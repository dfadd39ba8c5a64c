//! Varied request headers compared as the field allows (issue 26): the
//! whitespace between list members never counts, and for
//! `Accept-Encoding` neither do case and order; what the field gives a
//! meaning still does.

use edge_harness::{MockRequest, MockResponse, TestApp};

use crate::support::{ORIGIN, TestResult, app_with};

fn varying_on(name: &'static str) -> impl Fn(&MockRequest) -> MockResponse {
    move |request: &MockRequest| {
        let value = request.header(name).unwrap_or("none").to_owned();
        MockResponse::text(format!("for {value}"))
            .header("cache-control", "max-age=60")
            .header("vary", name)
    }
}

fn cache_says(app: &TestApp, name: &str, value: &str) -> edge_harness::Result<String> {
    let res = app.get("/").header(name, value).send()?;
    Ok(res.header("x-cache").unwrap_or_default().to_owned())
}

#[test]
fn codings_in_any_spelling_find_the_same_variant() -> TestResult {
    let app = app_with(varying_on("accept-encoding"))?;
    assert_eq!(cache_says(&app, "accept-encoding", "gzip, br")?, "MISS");
    for same in ["br,gzip", "GZIP ,  BR", "br, gzip"] {
        assert_eq!(cache_says(&app, "accept-encoding", same)?, "HIT", "{same}");
    }
    assert_eq!(cache_says(&app, "accept-encoding", "gzip")?, "MISS");
    assert_eq!(app.outbound_count(ORIGIN), 2);
    Ok(())
}

#[test]
fn languages_keep_their_order_but_not_their_spacing() -> TestResult {
    let app = app_with(varying_on("accept-language"))?;
    assert_eq!(
        cache_says(&app, "accept-language", "en-US,fr;q=0.5")?,
        "MISS"
    );
    assert_eq!(
        cache_says(&app, "accept-language", "en-US , fr ; q=0.5")?,
        "HIT"
    );
    assert_eq!(
        cache_says(&app, "accept-language", "fr;q=0.5, en-US")?,
        "MISS",
        "another order is another request"
    );
    Ok(())
}
