//! The talk's live demo in a real browser: headless Chromium types markdown
//! into the markdown example's page under `edge serve`, and the preview
//! shows the HTML the edge rendered, script escaped.
//!
//! `EDGE_UPDATE_SCREENSHOT=1` writes the screenshot the README shows.

use std::time::{Duration, Instant};

use edge_harness::{Progress, build_package};

use crate::support;
use crate::support::server::Server;
use crate::support::webdriver::Browser;

/// Typed key by key: a heading, a list, a link, and two attempts at script.
const MARKDOWN: &str = "# Typed at the edge\n\n- one\n- two\n\n[a link](https://example.com)\n\n<script>window.__injected = true</script>\n\n<img src=x onerror=\"window.__injected = true\">\n";

/// Waits until `condition` (a script returning a boolean) holds.
fn wait_for(browser: &Browser, condition: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if browser.script(condition) == true {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let preview = browser.script("return document.getElementById('preview').innerHTML;");
    panic!("never true: {condition}\npreview: {preview}");
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

#[test]
fn markdown_typed_in_the_page_is_rendered_at_the_edge_on_every_keystroke() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let app = build_package(
        support::workspace().join("examples/markdown"),
        Progress::Quiet,
    )
    .expect("the markdown example builds");
    let server = Server::start(&app, &["--kv-memory"]);
    browser.goto(&format!("http://{}/", server.address));
    wait_for(
        &browser,
        "return document.getElementById('preview').dataset.renders === '1';",
    );

    let editor = browser.find("#editor");
    browser.clear(&editor);
    for key in MARKDOWN.chars() {
        browser.type_into(&editor, &key.to_string());
    }
    wait_for(
        &browser,
        "const html = document.getElementById('preview').innerHTML; \
         return html.includes('&lt;img src=x onerror=');",
    );

    let preview = browser
        .script("return document.getElementById('preview').innerHTML;")
        .as_str()
        .expect("HTML")
        .to_owned();
    for expected in [
        "<h1>Typed at the edge</h1>",
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>",
        "<a href=\"https://example.com\">a link</a>",
        "&lt;script&gt;window.__injected = true&lt;/script&gt;",
    ] {
        assert!(preview.contains(expected), "no {expected:?} in {preview}");
    }
    let injected = browser.script(
        "return document.querySelectorAll('#preview script, #preview img').length > 0 \
         || window.__injected === true;",
    );
    assert_eq!(
        injected, false,
        "markup from the editor ran or became elements"
    );

    // Every keystroke was a request; the browser timed each one.
    let timings = browser.script(
        "return performance.getEntriesByType('resource')\
         .filter(e => e.name.endsWith('/render')).map(e => e.duration);",
    );
    let timings: Vec<f64> = timings
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(serde_json::Value::as_f64)
        .collect();
    // The first render on load, one per key (the clear is one more).
    assert!(
        timings.len() >= MARKDOWN.chars().count(),
        "{} requests for {} keys",
        timings.len(),
        MARKDOWN.chars().count()
    );
    eprintln!(
        "{} keystroke requests; median round trip {:.2} ms (slowest {:.2} ms)",
        timings.len(),
        median(timings.clone()),
        timings.iter().copied().fold(0.0, f64::max)
    );
    let log = server.log_with("POST /render 200");
    assert!(log.contains("POST /render 200"), "{log}");

    let png = browser.screenshot();
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    let target = if std::env::var_os("EDGE_UPDATE_SCREENSHOT").is_some_and(|v| v == "1") {
        support::workspace().join("examples/markdown/demo.png")
    } else {
        std::env::temp_dir().join("edge-markdown-demo.png")
    };
    std::fs::write(&target, png).expect("screenshot written");
    eprintln!("screenshot: {}", target.display());
}
