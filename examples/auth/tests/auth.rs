//! The auth middleware: 401 without a valid token, the handler with one.

use edge_harness::TestApp;

type TestResult = Result<(), edge_harness::Error>;

fn app() -> TestApp {
    let app = TestApp::from_package(env!("CARGO_MANIFEST_DIR")).expect("auth builds and loads");
    app.kv("default").set("token:s3cret", "ada");
    app
}

#[test]
fn public_pages_need_no_token() -> TestResult {
    assert_eq!(app().get("/").send()?.text(), "public page");
    Ok(())
}

#[test]
fn a_missing_or_wrong_token_is_401_before_the_handler() -> TestResult {
    let app = app();
    for authorization in [
        None,
        Some("Bearer wrong"),
        Some("Basic YWRhOnB3"),
        Some("Bearer "),
    ] {
        let mut request = app.get("/private/profile");
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        let res = request.send()?;
        assert_eq!(res.status(), 401, "{authorization:?}");
        assert_eq!(
            res.header("www-authenticate"),
            Some("Bearer realm=\"edge\"")
        );
        assert_eq!(res.text(), "sign in first");
    }
    Ok(())
}

#[test]
fn a_valid_token_reaches_the_handler_as_its_user() -> TestResult {
    let res = app()
        .get("/private/profile")
        .header("authorization", "Bearer s3cret")
        .send()?;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text(), "hello ada");
    Ok(())
}

#[test]
fn a_revoked_token_stops_working_at_once() -> TestResult {
    let app = app();
    app.kv("default").delete("token:s3cret");
    let res = app
        .get("/private/profile")
        .header("authorization", "Bearer s3cret")
        .send()?;
    assert_eq!(res.status(), 401);
    Ok(())
}
