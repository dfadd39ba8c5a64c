//! The markdown demo through TestApp: the page, rendering, safety, limits.

use std::sync::OnceLock;

use edge_harness::TestApp;

fn app() -> &'static TestApp {
    static APP: OnceLock<TestApp> = OnceLock::new();
    APP.get_or_init(|| {
        TestApp::from_package(env!("CARGO_MANIFEST_DIR")).expect("markdown builds and loads")
    })
}

type TestResult = Result<(), edge_harness::Error>;

#[test]
fn serves_a_self_contained_page() -> TestResult {
    let res = app().get("/").send()?;
    assert_eq!(res.status(), 200);
    assert_eq!(res.header("content-type"), Some("text/html; charset=utf-8"));
    let page = res.text();
    assert!(page.contains("<textarea id=\"editor\""));
    assert!(page.contains("fetch(\"/render\""));
    assert!(
        !page.contains("src=\"http") && !page.contains("href=\"http"),
        "no external assets"
    );
    Ok(())
}

#[test]
fn renders_markdown_to_html() -> TestResult {
    let res = app()
        .post("/render")
        .body("# Hi\n\n- a\n- b\n\n[link](https://example.com)")
        .send()?;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.text(),
        "<h1>Hi</h1>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<p><a href=\"https://example.com\">link</a></p>\n"
    );
    Ok(())
}

#[test]
fn escapes_raw_html_and_script_links() -> TestResult {
    let res = app()
        .post("/render")
        .body("<script>alert(1)</script>\n\n[x](javascript:alert(1))")
        .send()?;
    let html = res.text();
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;"), "{html}");
    assert!(html.contains("<a href=\"#\">x</a>"), "{html}");
    Ok(())
}

#[test]
fn refuses_huge_or_binary_input() -> TestResult {
    let huge = app().post("/render").body(vec![b'a'; 300 * 1024]).send()?;
    assert_eq!(huge.status(), 413);
    assert_eq!(huge.text(), "markdown over 262144 bytes");
    let binary = app().post("/render").body(vec![0xff, 0xfe, 0x00]).send()?;
    assert_eq!(binary.status(), 400);
    Ok(())
}
