//! Redirect rules from configuration, and the errors bad rules give.

use edge_harness::TestApp;

type TestResult = Result<(), edge_harness::Error>;

fn app() -> TestApp {
    TestApp::builder()
        .config("redirect:/old", "/new")
        .config("redirect:/blog", "301 https://blog.example.com/")
        .config("redirect:/broken", "200 /somewhere")
        .package(env!("CARGO_MANIFEST_DIR"))
        .expect("redirects builds and loads")
}

#[test]
fn redirects_by_rule_keeping_the_query() -> TestResult {
    let app = app();
    let temporary = app.get("/old?ref=mail").send()?;
    assert_eq!(temporary.status(), 302);
    assert_eq!(temporary.header("location"), Some("/new?ref=mail"));

    let permanent = app.get("/blog").send()?;
    assert_eq!(permanent.status(), 301);
    assert_eq!(
        permanent.header("location"),
        Some("https://blog.example.com/")
    );
    Ok(())
}

#[test]
fn any_method_is_redirected() -> TestResult {
    assert_eq!(app().post("/old").send()?.status(), 302);
    Ok(())
}

#[test]
fn paths_without_a_rule_are_404() -> TestResult {
    assert_eq!(app().get("/new").send()?.status(), 404);
    Ok(())
}

#[test]
fn a_bad_rule_is_a_500_that_names_it() -> TestResult {
    let res = app().get("/broken").send()?;
    assert_eq!(res.status(), 500);
    assert!(
        res.stderr().contains(
            "config `redirect:/broken` = `200 /somewhere`: `200` is not a redirect status"
        ),
        "{}",
        res.stderr()
    );
    Ok(())
}
