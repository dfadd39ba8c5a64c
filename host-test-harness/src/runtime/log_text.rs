//! [`log_text`]: what a guest or a client controls, made safe for the
//! host's log.

use std::borrow::Cow;

/// `text` with everything that could break or forge a log line escaped:
/// control characters (CR, LF, ESC and the C1 set, U+0085 among them),
/// Unicode line and paragraph separators, and the bidirectional overrides
/// that reorder what a terminal shows. Each becomes a visible `\u{..}`
/// (`\n`, `\r`, `\t` for the common ones); a backslash becomes `\\`, so an
/// escape in the output was always made here.
///
/// ```
/// use edge_harness::runtime::log_text;
///
/// assert_eq!(log_text("GET /a 200"), "GET /a 200");
/// assert_eq!(log_text("x\r\nGET /admin 200"), "x\\r\\nGET /admin 200");
/// assert_eq!(log_text("\u{1b}[2J\u{2028}\u{202e}"), "\\u{1b}[2J\\u{2028}\\u{202e}");
/// ```
pub fn log_text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c == '\\'
        || c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' // line and paragraph separators
            | '\u{200e}' | '\u{200f}' // left-to-right and right-to-left marks
            | '\u{202a}'..='\u{202e}' // embeddings and overrides
            | '\u{2066}'..='\u{2069}' // isolates
            | '\u{feff}' // zero-width no-break space
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_a_guest_writes_can_end_or_restyle_a_line() {
        let hostile = "ok\nGET /admin 200 0.1ms\r\u{1b}[31mred\u{85}next\u{2028}\u{2029}\u{202e}\u{2066}\u{7f}\0";
        let safe = log_text(hostile);
        assert!(
            !safe.chars().any(needs_escape_or_backslash_free),
            "{safe:?}"
        );
        assert_eq!(
            safe,
            "ok\\nGET /admin 200 0.1ms\\r\\u{1b}[31mred\\u{85}next\\u{2028}\\u{2029}\\u{202e}\\u{2066}\\u{7f}\\u{0}"
        );
    }

    fn needs_escape_or_backslash_free(c: char) -> bool {
        c != '\\' && needs_escape(c)
    }

    #[test]
    fn an_escape_in_the_output_was_made_here() {
        // A guest writing a literal `\n` cannot pass it off as an escaped
        // line feed.
        assert_eq!(log_text("a\\nb"), "a\\\\nb");
    }

    #[test]
    fn plain_text_is_not_copied() {
        assert!(matches!(log_text("plain ünïcode"), Cow::Borrowed(_)));
    }
}
