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

#[test]
fn a_render_is_kept_and_served_again_without_rendering() -> TestResult {
    let source = "# Cached\n\nrendered once, served twice";
    let first = app().post("/render").body(source).send()?;
    assert_eq!(first.header("x-cache"), Some("MISS"), "{}", first.stderr());
    let again = app().post("/render").body(source).send()?;
    assert_eq!(again.header("x-cache"), Some("HIT"), "{}", again.stderr());
    assert_eq!(again.text(), first.text());
    assert_eq!(
        again.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let other = app().post("/render").body("# Cached!").send()?;
    assert_eq!(other.header("x-cache"), Some("MISS"));
    assert_eq!(other.text(), "<h1>Cached!</h1>\n");
    Ok(())
}

#[test]
fn a_render_is_kept_for_a_day() -> TestResult {
    let start = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
    let app = TestApp::builder()
        .fixed_time(start)
        .package(env!("CARGO_MANIFEST_DIR"))?;
    let source = "*kept a day*";
    assert_eq!(
        app.post("/render").body(source).send()?.header("x-cache"),
        Some("MISS")
    );
    app.clock()
        .advance(std::time::Duration::from_secs(24 * 3600 - 1));
    assert_eq!(
        app.post("/render").body(source).send()?.header("x-cache"),
        Some("HIT")
    );
    app.clock().advance(std::time::Duration::from_secs(2));
    assert_eq!(
        app.post("/render").body(source).send()?.header("x-cache"),
        Some("MISS")
    );
    Ok(())
}
