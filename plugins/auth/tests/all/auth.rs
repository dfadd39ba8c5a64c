//! The auth plugin alone in front of FlightPath.

use std::sync::OnceLock;

use edge_harness::TestApp;

const AUTH: &str = env!("CARGO_MANIFEST_DIR");
const FLIGHTPATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/flightpath");
/// `aladdin:opensesame`, base64.
const ALADDIN: &str = "Basic YWxhZGRpbjpvcGVuc2VzYW1l";

type TestResult = Result<(), edge_harness::Error>;

fn with_config(config: &[(&str, &str)]) -> TestApp {
    let mut builder = TestApp::builder().without_manifest();
    for (key, value) in config {
        builder = builder.config(*key, *value);
    }
    builder
        .plugin(AUTH)
        .package(FLIGHTPATH)
        .expect("auth composes in front of flightpath")
}

fn token_app() -> &'static TestApp {
    static APP: OnceLock<TestApp> = OnceLock::new();
    APP.get_or_init(|| with_config(&[("auth.token", "s3cret")]))
}

#[test]
fn a_request_without_credentials_is_challenged_and_never_reaches_the_app() -> TestResult {
    let res = token_app().get("/").send()?;
    res.assert_status(401)
        .assert_header("www-authenticate", r#"Bearer realm="edge""#);
    assert_eq!(res.header("x-powered-by"), None);
    Ok(())
}

#[test]
fn the_token_lets_the_request_through_to_the_app() -> TestResult {
    let res = token_app()
        .get("/")
        .header("authorization", "Bearer s3cret")
        .send()?;
    res.assert_status(200)
        .assert_header("x-powered-by", "FlightPath");
    assert_eq!(res.text(), "Hello World");
    Ok(())
}

#[test]
fn a_wrong_token_is_refused_as_invalid() -> TestResult {
    for wrong in ["Bearer s3cre", "Bearer s3cret2", "Basic czNjcmV0"] {
        let res = token_app().get("/").header("authorization", wrong).send()?;
        res.assert_status(401);
    }
    let res = token_app()
        .get("/")
        .header("authorization", "Bearer nope")
        .send()?;
    res.assert_header(
        "www-authenticate",
        r#"Bearer realm="edge", error="invalid_token""#,
    );
    Ok(())
}

#[test]
fn the_body_reaches_the_app_behind_auth() -> TestResult {
    let res = token_app()
        .post("/api/flights")
        .header("authorization", "Bearer s3cret")
        .header("content-type", "application/json")
        .body(r#"{"from":"LHR","to":"SFO","departs":"10:00"}"#)
        .send()?;
    res.assert_status(201);
    assert!(res.text().contains("SFO"), "{}", res.text());
    Ok(())
}

#[test]
fn basic_credentials_from_config_let_the_request_through() -> TestResult {
    let app = with_config(&[
        ("auth.basic", "aladdin:opensesame"),
        ("auth.realm", "FlightPath"),
    ]);
    app.get("/")
        .header("authorization", ALADDIN)
        .send()?
        .assert_status(200);
    let res = app
        .get("/")
        .header("authorization", "Basic YWxhZGRpbjpvcGVuc2VzYW1m")
        .send()?;
    res.assert_status(401).assert_header(
        "www-authenticate",
        r#"Basic realm="FlightPath", charset="UTF-8""#,
    );
    // Only Basic is configured: a bearer token is no way in.
    app.get("/")
        .header("authorization", "Bearer opensesame")
        .send()?
        .assert_status(401);
    Ok(())
}

#[test]
fn with_both_schemes_configured_either_works_and_both_are_offered() -> TestResult {
    let app = with_config(&[
        ("auth.token", "t0ken"),
        ("auth.basic", "aladdin:opensesame"),
    ]);
    for credentials in ["Bearer t0ken", ALADDIN] {
        app.get("/")
            .header("authorization", credentials)
            .send()?
            .assert_status(200);
    }
    let res = app.get("/").send()?;
    let challenges = res.header_all("www-authenticate");
    assert_eq!(
        challenges,
        [
            &br#"Bearer realm="edge""#[..],
            &br#"Basic realm="edge", charset="UTF-8""#[..]
        ]
    );
    Ok(())
}

#[test]
fn without_credentials_configured_nobody_gets_through() -> TestResult {
    let app = with_config(&[]);
    let res = app
        .get("/")
        .header("authorization", "Bearer anything")
        .send()?;
    res.assert_status(500);
    assert!(
        res.stderr()
            .contains("neither auth.token nor auth.basic is configured"),
        "{}",
        res.stderr()
    );
    Ok(())
}

#[test]
fn a_basic_setting_without_a_colon_lets_nobody_through() -> TestResult {
    let app = with_config(&[("auth.basic", "aladdin")]);
    let res = app.get("/").header("authorization", ALADDIN).send()?;
    res.assert_status(500);
    assert!(
        res.stderr()
            .contains("auth.basic must be `user:password` with neither empty"),
        "{}",
        res.stderr()
    );
    Ok(())
}

#[test]
fn an_empty_user_or_password_lets_nobody_through() -> TestResult {
    // `admin:` is `YWRtaW46`, `:` is `Og==`, `:pw` is `OnB3`: each would
    // let in whoever sends it.
    for (pair, credentials) in [
        ("admin:", "Basic YWRtaW46"),
        (":", "Basic Og=="),
        (":pw", "Basic OnB3"),
    ] {
        let app = with_config(&[("auth.basic", pair)]);
        let res = app.get("/").header("authorization", credentials).send()?;
        res.assert_status(500);
        assert_eq!(res.header("x-powered-by"), None, "{pair}");
        assert!(
            res.stderr()
                .contains("auth.basic must be `user:password` with neither empty"),
            "{pair}: {}",
            res.stderr()
        );
    }
    Ok(())
}
