//! Auth, WAF and rate limiting composed together in front of FlightPath:
//! the order they are given is the order requests meet them.

use edge_harness::TestApp;

const AUTH: &str = env!("CARGO_MANIFEST_DIR");
const WAF: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../waf");
const RATE_LIMIT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../rate-limit");
const FLIGHTPATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/flightpath");
const ATTACK: &str = "/api/flights?from=%27%20OR%20%271%27%3D%271";

type TestResult = Result<(), edge_harness::Error>;

fn chain(plugins: &[&str]) -> edge_harness::Result<TestApp> {
    let mut builder = TestApp::builder()
        .without_manifest()
        .config("auth.token", "s3cret")
        .config("rate-limit.requests", "3");
    for plugin in plugins {
        builder = builder.plugin(*plugin);
    }
    builder.package(FLIGHTPATH)
}

#[test]
fn auth_before_waf_challenges_an_anonymous_attack_and_blocks_a_signed_in_one() -> TestResult {
    let app = chain(&[AUTH, WAF])?;
    app.get(ATTACK).send()?.assert_status(401);
    app.get(ATTACK)
        .header("authorization", "Bearer s3cret")
        .send()?
        .assert_status(403)
        .assert_header("x-waf-rule", "sqli-tautology");
    app.get("/")
        .header("authorization", "Bearer s3cret")
        .send()?
        .assert_status(200)
        .assert_header("x-powered-by", "FlightPath");
    Ok(())
}

#[test]
fn waf_before_auth_blocks_every_attack_and_challenges_the_rest() -> TestResult {
    let app = chain(&[WAF, AUTH])?;
    app.get(ATTACK)
        .send()?
        .assert_status(403)
        .assert_header("x-waf-rule", "sqli-tautology");
    app.get("/").send()?.assert_status(401);
    app.get("/")
        .header("authorization", "Bearer s3cret")
        .send()?
        .assert_status(200);
    Ok(())
}

#[test]
fn rate_limit_first_counts_every_request_even_refused_ones() -> TestResult {
    let app = chain(&[RATE_LIMIT, AUTH, WAF])?;
    for _ in 0..3 {
        app.get("/").send()?.assert_status(401);
    }
    app.get("/")
        .header("authorization", "Bearer s3cret")
        .send()?
        .assert_status(429);
    Ok(())
}

#[test]
fn rate_limit_after_auth_counts_only_signed_in_requests() -> TestResult {
    let app = chain(&[AUTH, RATE_LIMIT, WAF])?;
    for _ in 0..5 {
        app.get("/").send()?.assert_status(401);
    }
    let signed_in = || app.get("/").header("authorization", "Bearer s3cret").send();
    for _ in 0..3 {
        signed_in()?.assert_status(200);
    }
    signed_in()?.assert_status(429);
    Ok(())
}

#[test]
fn auth_and_waf_in_front_of_flightpath_need_only_wasi_config_beyond_the_standard_set() {
    // `wasmtime serve -S cli` alone cannot run auth as it is: it reads its
    // credentials through wasi:config (`-S config` gives it, or `edge
    // compose --config` writes them inside: `cli/tests/all/compose.rs`). The
    // error says which import is missing.
    let error = match TestApp::builder()
        .without_manifest()
        .standard_interfaces_only()
        .plugin(AUTH)
        .plugin(WAF)
        .package(FLIGHTPATH)
    {
        Ok(_) => panic!("auth needs wasi:config"),
        Err(error) => format!("{error:#}"),
    };
    assert!(error.contains("wasi:config/store"), "{error}");
}
