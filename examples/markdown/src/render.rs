//! Markdown to HTML that is safe to put in a page.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

/// Renders `markdown` to HTML. Raw HTML in the markdown is shown as text,
/// not run, and links or images to `javascript:`, `vbscript:` or `data:`
/// URLs lose their target: a visitor cannot inject script into the page.
pub(crate) fn to_safe_html(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take_while(|c| *c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    let has_scheme = url.contains(':');
    if has_scheme && matches!(scheme.as_str(), "javascript" | "vbscript" | "data") {
        CowStr::Borrowed("#")
    } else {
        url
    }
}

#[cfg(test)]
mod tests {
    use super::to_safe_html;

    #[test]
    fn renders_markdown() {
        let table = [
            ("# Title", "<h1>Title</h1>\n"),
            ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"),
            (
                "[edge](https://example.com)",
                "<p><a href=\"https://example.com\">edge</a></p>\n",
            ),
            ("~~old~~", "<p><del>old</del></p>\n"),
        ];
        for (markdown, html) in table {
            assert_eq!(to_safe_html(markdown), html, "{markdown}");
        }
    }

    #[test]
    fn never_lets_script_through() {
        let table = [
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            (
                "hi <img src=x onerror=alert(1)>",
                "hi &lt;img src=x onerror=alert(1)&gt;",
            ),
            ("[x](javascript:alert(1))", "<a href=\"#\">x</a>"),
            ("[x]( JavaScript:alert(1))", "<a href=\"#\">x</a>"),
            (
                "![x](data:text/html;base64,AAAA)",
                "<img src=\"#\" alt=\"x\" />",
            ),
        ];
        for (markdown, expected) in table {
            let html = to_safe_html(markdown);
            assert!(html.contains(expected), "{markdown} gave {html}");
            assert!(
                !html.contains("<script") && !html.contains("<img src=x"),
                "{html}"
            );
        }
    }
}
