//! The origin page, rewritten as it streams through.

use edge_harness::{MockResponse, TestApp};

type TestResult = Result<(), edge_harness::Error>;

const PAGE: &str = r#"<html><head><title>Shop</title></head><body><h1>Shop</h1><a href="http://example.com/cart">cart</a> <a href="https://example.com/ok">ok</a><div data-edge-remove>internal note</div></body></html>"#;

fn app() -> TestApp {
    TestApp::builder()
        .mock("origin.example.com", |req| match req.path() {
            "/" => MockResponse::html(PAGE),
            "/data.json" => {
                MockResponse::json(&serde_json::json!({ "href": "http://example.com" }))
            }
            "/big" => MockResponse::html(format!(
                "<body>{}</body>",
                "<a href=\"http://x/\">x</a>".repeat(50_000)
            )),
            _ => MockResponse::new(404),
        })
        .package(env!("CARGO_MANIFEST_DIR"))
        .expect("html-rewrite builds and loads")
}

#[test]
fn rewrites_links_adds_the_banner_and_removes_marked_elements() -> TestResult {
    let res = app().get("/").send()?;
    assert_eq!(res.status(), 200);
    assert_eq!(res.header("x-edge-rewritten"), Some("1"));
    assert_eq!(
        res.text(),
        r#"<html><head><title>Shop</title></head><body><p class="edge-banner">Served at the edge</p><h1>Shop</h1><a href="https://example.com/cart">cart</a> <a href="https://example.com/ok">ok</a></body></html>"#
    );
    Ok(())
}

#[test]
fn leaves_other_content_types_alone() -> TestResult {
    let res = app().get("/data.json").send()?;
    assert_eq!(res.text(), r#"{"href":"http://example.com"}"#);
    assert!(res.header("x-edge-rewritten").is_none());
    Ok(())
}

#[test]
fn rewrites_a_large_page_in_chunks() -> TestResult {
    let res = app().get("/big").send()?;
    assert!(res.is_complete());
    let text = res.text();
    assert_eq!(text.matches("https://x/").count(), 50_000);
    assert!(!text.contains("http://x/"));
    Ok(())
}

#[test]
fn passes_the_origins_status_through() -> TestResult {
    assert_eq!(app().get("/missing").send()?.status(), 404);
    Ok(())
}
