//! What the rules match against: a request part decoded the way a
//! server behind the WAF might decode it, so that encoding hides nothing.

use super::comments::without_comments;

/// How many times percent-decoding is repeated: twice-encoded payloads
/// (`%252e%252e`) decode too.
const DECODE_PASSES: usize = 3;

/// A request part as the rules read it: two views of the decoded text.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Normalized {
    /// The text, whitespace runs as one space.
    pub(crate) text: String,
    /// The text as SQL reads it, comments as spaces (see
    /// [`without_comments`]); `None` when it holds no comment.
    pub(crate) sql: Option<String>,
}

impl Normalized {
    /// The views a rule is tried on: it trips if it matches either.
    pub(crate) fn views(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.text.as_str()).chain(self.sql.as_deref())
    }
}

/// `raw` percent-decoded (repeatedly), with `+` as a space when
/// `plus_is_space` (a query), ASCII-lowercased (the rules' patterns are
/// ASCII), then seen two ways: whitespace runs collapsed to one space (one
/// newline where the run breaks a line),
/// and, if it holds SQL comments, with them as spaces too. A NUL byte
/// stays, for the rule that looks for it.
pub(crate) fn normalize(raw: &[u8], plus_is_space: bool) -> Normalized {
    let mut bytes = raw.to_vec();
    if plus_is_space {
        for byte in &mut bytes {
            if *byte == b'+' {
                *byte = b' ';
            }
        }
    }
    for _ in 0..DECODE_PASSES {
        if !bytes.contains(&b'%') {
            break;
        }
        match percent_decode(&bytes) {
            Some(decoded) => bytes = decoded,
            None => break,
        }
    }
    bytes.make_ascii_lowercase();
    let decoded = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Normalized {
        text: collapse(&decoded),
        sql: without_comments(&decoded),
    }
}

/// Decodes `%XX` escapes; `None` if there were none.
fn percent_decode(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut changed = false;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(high), Some(low)) = (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            )
        {
            out.push(high << 4 | low);
            changed = true;
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    changed.then_some(out)
}

fn hex(byte: u8) -> Option<u8> {
    char::from(byte)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// Whitespace runs → one space, or one newline if the run holds a line
/// break (`\r` or `\n`): a line break ends a shell command and starts a
/// header in a smuggled message, so the rules must still see it.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run: Option<bool> = None;
    for c in text.chars() {
        if c.is_whitespace() {
            let breaks = matches!(c, '\n' | '\r');
            run = Some(run.unwrap_or(false) || breaks);
            continue;
        }
        if let Some(breaks) = run.take() {
            out.push(if breaks { '\n' } else { ' ' });
        }
        out.push(c);
    }
    if let Some(breaks) = run {
        out.push(if breaks { '\n' } else { ' ' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Normalized, normalize};

    fn text(raw: &[u8], plus: bool) -> String {
        normalize(raw, plus).text
    }

    #[test]
    fn decodes_lowercases_and_collapses() {
        let cases: [(&[u8], bool, &str); 9] = [
            (b"UNION%20SELECT", false, "union select"),
            (b"union+select", true, "union select"),
            (b"union+select", false, "union+select"),
            (b"UNION/**/SELECT", false, "union/**/select"),
            (b"union \t select", false, "union select"),
            (b"union \t\n select", false, "union\nselect"),
            (b"a%0d%0aset-cookie:%20b", false, "a\nset-cookie: b"),
            (b"%252e%252e%252f", false, "../"),
            (b"a%00b", false, "a\0b"),
        ];
        for (raw, plus, expected) in cases {
            assert_eq!(
                text(raw, plus),
                expected,
                "{}",
                String::from_utf8_lossy(raw)
            );
        }
    }

    #[test]
    fn text_with_comments_has_an_sql_view_too() {
        assert_eq!(
            normalize(b"UNION/*a*/%0a/*!50000SELECT*/", false),
            Normalized {
                text: "union/*a*/\n/*!50000select*/".to_owned(),
                sql: Some("union select ".to_owned()),
            }
        );
        assert_eq!(
            normalize(b"union%23x%0aselect", false).sql.as_deref(),
            Some("union select")
        );
        assert_eq!(normalize(b"plain text", false).sql, None);
        let part = normalize(b"a/**/b", false);
        let views: Vec<&str> = part.views().collect();
        assert_eq!(views, ["a/**/b", "a b"]);
    }

    #[test]
    fn a_bad_escape_stays() {
        assert_eq!(text(b"100%zz", false), "100%zz");
        assert_eq!(text(b"%e2%82%ac", false), "\u{20ac}");
    }
}
