//! What the rules match against: a request part decoded the way a
//! server behind the WAF might decode it, so that encoding hides nothing.

/// How many times percent-decoding is repeated: twice-encoded payloads
/// (`%252e%252e`) decode too.
const DECODE_PASSES: usize = 3;

/// `raw` percent-decoded (repeatedly), with `+` as a space when
/// `plus_is_space` (a query), ASCII-lowercased (the rules' patterns are
/// ASCII), SQL block comments (`/*…*/`) replaced by a space and runs of
/// whitespace collapsed to one space. A NUL byte stays, for the rule that
/// looks for it. Two allocations for most text: the copy and the result.
pub(crate) fn normalize(raw: &[u8], plus_is_space: bool) -> String {
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
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    compact(&text)
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

/// In one pass: `union/**/select` → `union select` (an unclosed `/*`
/// stays, so the comment rule still sees it), and whitespace runs → one
/// space.
fn compact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut in_space = false;
    // Once a `/*` has no `*/` after it, no later one has: not searching
    // again keeps hostile text (`/*/*/*…`) linear.
    let mut unclosed = false;
    while let Some(c) = rest.chars().next() {
        let comment_end = match rest.strip_prefix("/*") {
            Some(after) if !unclosed => {
                let end = after.find("*/").map(|end| 2 + end + 2);
                unclosed = end.is_none();
                end
            }
            _ => None,
        };
        let (is_space, taken) = match comment_end {
            Some(length) => (true, length),
            None => (c.is_whitespace(), c.len_utf8()),
        };
        if !is_space {
            out.push(c);
        } else if !in_space {
            out.push(' ');
        }
        in_space = is_space;
        rest = &rest[taken..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn decodes_lowercases_and_collapses() {
        let cases: [(&[u8], bool, &str); 7] = [
            (b"UNION%20SELECT", false, "union select"),
            (b"union+select", true, "union select"),
            (b"union+select", false, "union+select"),
            (b"UNION/**/SELECT", false, "union select"),
            (b"union/*a*/\t\n/*b*/select", false, "union select"),
            (b"%252e%252e%252f", false, "../"),
            (b"a%00b", false, "a\0b"),
        ];
        for (raw, plus, expected) in cases {
            assert_eq!(
                normalize(raw, plus),
                expected,
                "{}",
                String::from_utf8_lossy(raw)
            );
        }
    }

    #[test]
    fn many_unclosed_comments_stay() {
        let hostile = "/*x".repeat(50_000);
        let normalized = normalize(hostile.as_bytes(), false);
        assert!(normalized == hostile, "unclosed comments are kept");
    }

    #[test]
    fn an_unclosed_comment_or_a_bad_escape_stays() {
        assert_eq!(normalize(b"'/*", false), "'/*");
        assert_eq!(normalize(b"100%zz", false), "100%zz");
        assert_eq!(normalize(b"%e2%82%ac", false), "\u{20ac}");
    }
}
