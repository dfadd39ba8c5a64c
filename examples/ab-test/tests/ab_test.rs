//! A/B assignment, stickiness and the origin paths per variant.

use std::collections::HashSet;

use edge_harness::{MockResponse, TestApp};

fn app() -> TestApp {
    TestApp::builder()
        .mock("origin.example.com", |req| {
            MockResponse::html(format!("<h1>page {}</h1>", req.path()))
        })
        .package(env!("CARGO_MANIFEST_DIR"))
        .expect("ab-test builds and loads")
}

type TestResult = Result<(), edge_harness::Error>;

#[test]
fn a_new_visitor_gets_a_variant_and_a_cookie_for_it() -> TestResult {
    let app = app();
    let res = app.get("/pricing").send()?;
    assert_eq!(res.status(), 200);
    let variant = res.header("x-ab-variant").expect("a variant").to_owned();
    assert!(variant == "a" || variant == "b");
    assert_eq!(res.text(), format!("<h1>page /{variant}/pricing</h1>"));
    assert_eq!(
        res.header("set-cookie"),
        Some(
            format!("ab-variant={variant}; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax")
                .as_str()
        )
    );
    assert_eq!(res.header("vary"), Some("cookie"));
    assert_eq!(res.header("content-type"), Some("text/html; charset=utf-8"));
    Ok(())
}

#[test]
fn a_returning_visitor_keeps_their_variant_without_a_new_cookie() -> TestResult {
    let app = app();
    for variant in ["a", "b"] {
        for _ in 0..3 {
            let res = app
                .get("/")
                .header("cookie", format!("ab-variant={variant}"))
                .send()?;
            assert_eq!(res.header("x-ab-variant"), Some(variant));
            assert!(res.header("set-cookie").is_none());
        }
    }
    Ok(())
}

#[test]
fn new_visitors_are_spread_over_both_variants() -> TestResult {
    let app = app();
    let seen: HashSet<String> = (0..40)
        .map(|_| {
            app.get("/")
                .send()
                .map(|r| r.header("x-ab-variant").unwrap_or_default().to_owned())
        })
        .collect::<Result<_, _>>()?;
    assert_eq!(
        seen,
        HashSet::from(["a".to_owned(), "b".to_owned()]),
        "40 coin tosses"
    );
    Ok(())
}

#[test]
fn a_tampered_cookie_is_replaced() -> TestResult {
    let res = app().get("/").header("cookie", "ab-variant=zzz").send()?;
    assert!(res.header("set-cookie").is_some());
    Ok(())
}

#[test]
fn an_unreachable_origin_is_a_502() -> TestResult {
    let app = TestApp::builder()
        .mock("origin.example.com", |_| MockResponse::refused())
        .package(env!("CARGO_MANIFEST_DIR"))?;
    assert_eq!(app.get("/").send()?.status(), 502);
    Ok(())
}
