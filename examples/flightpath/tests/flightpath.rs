//! The FlightPath app through TestApp: the talk's example, the REST
//! resource, and what the router answers by itself (404, 405, HEAD, OPTIONS).

use std::sync::OnceLock;

use edge_harness::TestApp;
use serde_json::{Value, json};

fn app() -> &'static TestApp {
    static APP: OnceLock<TestApp> = OnceLock::new();
    APP.get_or_init(|| {
        TestApp::from_package(env!("CARGO_MANIFEST_DIR")).expect("flightpath builds and loads")
    })
}

type TestResult = Result<(), edge_harness::Error>;

#[test]
fn the_talks_example_answers_hello_world_powered_by_flightpath() -> TestResult {
    let res = app().get("/").send()?;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text(), "Hello World");
    assert_eq!(res.header("x-powered-by"), Some("FlightPath"));
    assert_eq!(
        res.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    Ok(())
}

#[test]
fn onion_middleware_reports_server_timing() -> TestResult {
    let res = app().get("/api/flights").send()?;
    let timing = res
        .header("server-timing")
        .expect("set by the wrap middleware");
    assert!(timing.starts_with("app;dur="), "{timing}");
    Ok(())
}

#[test]
fn unknown_paths_are_404_and_still_powered_by_flightpath() -> TestResult {
    let res = app().get("/nowhere").send()?;
    assert_eq!(res.status(), 404);
    assert_eq!(res.header("x-powered-by"), Some("FlightPath"));
    Ok(())
}

#[test]
fn lists_and_searches_flights() -> TestResult {
    let all: Vec<Value> = app().get("/api/flights").send()?.json()?;
    assert_eq!(all.len(), 4);

    let res = app().get("/api/flights?from=lhr&to=SFO").send()?;
    assert_eq!(res.status(), 200);
    assert_eq!(res.header("content-type"), Some("application/json"));
    assert_eq!(
        res.header("cache-control"),
        Some("no-store"),
        "the mounted router's middleware"
    );
    let found: Vec<Value> = res.json()?;
    assert_eq!(
        found,
        vec![json!({ "id": 1, "from": "LHR", "to": "SFO", "departs": "09:40" })]
    );
    Ok(())
}

#[test]
fn a_query_that_does_not_parse_is_400() -> TestResult {
    let res = app().get("/api/flights?from=LHR&from=SFO").send()?;
    assert_eq!(res.status(), 400);
    assert!(
        res.text().starts_with("invalid query string"),
        "{}",
        res.text()
    );
    Ok(())
}

#[test]
fn looks_up_one_flight_or_answers_404_in_json() -> TestResult {
    let res = app().get("/api/flights/3").send()?;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>()?["to"], "NRT");

    let missing = app().get("/api/flights/99").send()?;
    assert_eq!(missing.status(), 404);
    assert_eq!(
        missing.json::<Value>()?,
        json!({ "error": "no flight with id 99" })
    );
    Ok(())
}

#[test]
fn creates_a_flight_from_valid_json() -> TestResult {
    let res = app()
        .post("/api/flights")
        .json(&json!({ "from": "CDG", "to": "LHR", "departs": "07:00" }))
        .send()?;
    assert_eq!(res.status(), 201);
    assert_eq!(res.header("location"), Some("/api/flights/5"));
    assert_eq!(res.json::<Value>()?["from"], "CDG");
    Ok(())
}

#[test]
fn bad_bodies_get_the_status_that_names_the_problem() -> TestResult {
    let bad_json = app().post("/api/flights").body("{oops").send()?;
    assert_eq!(bad_json.status(), 400);
    assert!(
        bad_json.text().starts_with("invalid JSON body"),
        "{}",
        bad_json.text()
    );

    let missing_field = app()
        .post("/api/flights")
        .json(&json!({ "from": "CDG" }))
        .send()?;
    assert_eq!(missing_field.status(), 400);
    assert!(
        missing_field.text().contains("missing field `to`"),
        "{}",
        missing_field.text()
    );

    let bad_code = app()
        .post("/api/flights")
        .json(&json!({ "from": "Paris", "to": "LHR", "departs": "07:00" }))
        .send()?;
    assert_eq!(bad_code.status(), 422);
    assert_eq!(
        bad_code.json::<Value>()?,
        json!({ "error": "`from` must be a three-letter airport code like LHR" })
    );

    let too_large = app().post("/api/flights").body(vec![b' '; 10_000]).send()?;
    assert_eq!(too_large.status(), 413);
    assert_eq!(
        too_large.text(),
        "body is larger than the limit of 4096 bytes"
    );
    Ok(())
}

#[test]
fn a_wrong_method_is_405_with_allow() -> TestResult {
    let res = app().delete("/api/flights").send()?;
    assert_eq!(res.status(), 405);
    assert_eq!(res.header("allow"), Some("GET, POST, HEAD, OPTIONS"));
    Ok(())
}

#[test]
fn head_answers_like_get_without_a_body() -> TestResult {
    let res = app().head("/api/flights/1").send()?;
    assert_eq!(res.status(), 200);
    assert_eq!(res.header("content-type"), Some("application/json"));
    assert!(res.bytes().is_empty());
    Ok(())
}

#[test]
fn options_lists_the_allowed_methods() -> TestResult {
    let res = app()
        .request(edge_harness::http::Method::OPTIONS, "/api/flights")
        .send()?;
    assert_eq!(res.status(), 204);
    assert_eq!(res.header("allow"), Some("GET, POST, HEAD, OPTIONS"));
    Ok(())
}
