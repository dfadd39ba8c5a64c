//! Cache poisoning: a request header outside the cache key must never
//! shape what the next client is served. A `GET` carries to the origin
//! only the headers the key covers, the ones the app keys, and the ones
//! it vouches for; an answer shaped by a `Cookie` is stored only when the
//! origin says so.

use edge_harness::{MockRequest, MockResponse};

use crate::support::{ORIGIN, TestResult, app_with, builder};

/// A page that loads its script from the host the request names, as
/// frameworks that trust `X-Forwarded-Host` build their links.
fn reflecting_origin(req: &MockRequest) -> MockResponse {
    let host = req.header("x-forwarded-host").unwrap_or(ORIGIN);
    MockResponse::html(format!("<script src=\"https://{host}/app.js\"></script>"))
        .header("cache-control", "max-age=600")
}

#[test]
fn an_unkeyed_header_never_reaches_the_origin_nor_what_others_are_served() -> TestResult {
    let app = app_with(|req| {
        let seen = format!(
            "user-agent={:?} accept-language={:?}",
            req.header("user-agent"),
            req.header("accept-language")
        );
        reflecting_origin(req).header("x-seen", &seen)
    })?;
    let attack = app
        .get("/")
        .header("x-forwarded-host", "evil.example")
        .header("user-agent", "attacker")
        .header("accept-language", "de")
        .send()?;
    assert_eq!(attack.status(), 200, "{}", attack.stderr());
    assert!(!attack.text().contains("evil.example"), "{}", attack.text());
    assert_eq!(
        attack.header("x-seen"),
        Some("user-agent=None accept-language=Some(\"de\")")
    );

    let victim = app.get("/").header("accept-language", "de").send()?;
    assert_eq!(victim.header("x-cache"), Some("HIT"));
    assert!(
        victim.text().contains("https://origin.example.com/app.js"),
        "{}",
        victim.text()
    );
    Ok(())
}

#[test]
fn a_keyed_header_reaches_the_origin_and_each_value_has_its_own_entry() -> TestResult {
    let app = builder()
        .config("cache-key-headers", "x-forwarded-host")
        .mock(ORIGIN, reflecting_origin)
        .package(env!("CARGO_MANIFEST_DIR"))?;
    let attack = || {
        app.get("/")
            .header("x-forwarded-host", "evil.example")
            .send()
    };
    let first = attack()?;
    assert_eq!(first.header("x-cache"), Some("MISS"), "{}", first.stderr());
    assert!(first.text().contains("evil.example"));

    let victim = app.get("/").send()?;
    assert_eq!(victim.header("x-cache"), Some("MISS"));
    assert!(!victim.text().contains("evil.example"), "{}", victim.text());
    let again = app.get("/").send()?;
    assert_eq!(again.header("x-cache"), Some("HIT"));
    assert!(!again.text().contains("evil.example"));

    let attacker_again = attack()?;
    assert_eq!(attacker_again.header("x-cache"), Some("HIT"));
    assert!(attacker_again.text().contains("evil.example"));
    assert_eq!(app.outbound_count(ORIGIN), 2);
    Ok(())
}

#[test]
fn a_vouched_header_reaches_the_origin_unkeyed() -> TestResult {
    let app = builder()
        .config("cache-forward-headers", "traceparent")
        .mock(ORIGIN, |req| {
            let trace = req.header("traceparent").unwrap_or("none");
            MockResponse::text(format!("trace {trace}")).header("cache-control", "max-age=600")
        })
        .package(env!("CARGO_MANIFEST_DIR"))?;
    let first = app.get("/").header("traceparent", "00-aa-01-01").send()?;
    assert_eq!(first.header("x-cache"), Some("MISS"), "{}", first.stderr());
    assert_eq!(first.text(), "trace 00-aa-01-01");
    let second = app.get("/").header("traceparent", "00-bb-02-01").send()?;
    assert_eq!(
        (second.header("x-cache"), second.text().as_str()),
        (Some("HIT"), "trace 00-aa-01-01")
    );
    Ok(())
}

#[test]
fn a_header_name_in_config_that_is_not_one_is_named_in_the_error() -> TestResult {
    let app = builder()
        .config("cache-key-headers", "x-ok, not a name")
        .mock(ORIGIN, reflecting_origin)
        .package(env!("CARGO_MANIFEST_DIR"))?;
    let res = app.get("/").send()?;
    assert_eq!(res.status(), 500);
    let said = format!("{}{}", res.text(), res.stderr());
    assert!(
        said.contains("config `cache-key-headers`: `not a name` is not a header name"),
        "{said}"
    );
    Ok(())
}

#[test]
fn an_answer_shaped_by_a_cookie_is_stored_only_when_the_origin_says_so() -> TestResult {
    let app = app_with(|req| {
        let who = req.header("cookie").unwrap_or("guest");
        let control = match req.path() {
            "/shared" => "public, max-age=600",
            _ => "max-age=600",
        };
        let res = MockResponse::text(format!("hello {who}")).header("cache-control", control);
        match req.path() {
            "/varies" => res.header("vary", "Cookie"),
            _ => res,
        }
    })?;
    // Unmarked: the cookie's answer is not stored for the next visitor.
    let mine = app.get("/page").header("cookie", "user=alice").send()?;
    assert_eq!(mine.text(), "hello user=alice");
    let next = app.get("/page").send()?;
    assert_eq!(
        (next.header("x-cache"), next.text().as_str()),
        (Some("MISS"), "hello guest")
    );

    // Varying on Cookie: each cookie its own entry.
    app.get("/varies").header("cookie", "user=alice").send()?;
    let bob = app.get("/varies").header("cookie", "user=bob").send()?;
    assert_eq!(
        (bob.header("x-cache"), bob.text().as_str()),
        (Some("MISS"), "hello user=bob")
    );
    let alice = app.get("/varies").header("cookie", "user=alice").send()?;
    assert_eq!(
        (alice.header("x-cache"), alice.text().as_str()),
        (Some("HIT"), "hello user=alice")
    );

    // Marked public: the origin says the answer is for everyone.
    app.get("/shared").header("cookie", "user=alice").send()?;
    assert_eq!(app.get("/shared").send()?.header("x-cache"), Some("HIT"));
    Ok(())
}
