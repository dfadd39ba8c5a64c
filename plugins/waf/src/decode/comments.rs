//! Text as SQL reads it: comments are whitespace between keywords, so
//! `union/**/select`, `union#x⏎select` and `union-- x⏎select` are
//! `union select`, while MySQL's versioned comments (`/*!50000select*/`)
//! are code, so only their delimiters go.

/// The most digits of a versioned comment's MySQL version (`/*!50000`,
/// `/*!800001`).
const MAX_VERSION_DIGITS: usize = 6;

/// `text` with `/*…*/` comments, `#…⏎` and `--…⏎` line comments and the
/// delimiters of `/*!NNNNN…*/` (content kept) as spaces, and whitespace
/// runs collapsed to one space; `None` when there is no such comment. An
/// unclosed `/*` or a `#`/`--` with no newline after it stays (the
/// comment rule looks for those). Linear in `text`, however many openers
/// hostile text holds.
pub(crate) fn without_comments(text: &str) -> Option<String> {
    if !(text.contains("/*") || text.contains('#') || text.contains("--")) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut closes = Finder::new("*/");
    let mut newlines = Finder::new("\n");
    let mut versioned = false;
    let mut stripped = false;
    let mut in_space = false;
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        let rest = &text[at..];
        let comment = if versioned && rest.starts_with("*/") {
            versioned = false;
            Some(2)
        } else if rest.starts_with("/*") {
            closes
                .find(text, at + 2)
                .map(|close| match rest[2..].strip_prefix('!') {
                    Some(version) => {
                        versioned = true;
                        let digits = version
                            .bytes()
                            .take(MAX_VERSION_DIGITS)
                            .take_while(u8::is_ascii_digit)
                            .count();
                        3 + digits
                    }
                    None => close + 2 - at,
                })
        } else if rest.starts_with('#') || rest.starts_with("--") {
            newlines.find(text, at).map(|newline| newline + 1 - at)
        } else {
            None
        };
        let (is_space, taken) = match comment {
            Some(length) => {
                stripped = true;
                (true, length)
            }
            None => (c.is_whitespace(), c.len_utf8()),
        };
        if !is_space {
            out.push(c);
        } else if !in_space {
            out.push(' ');
        }
        in_space = is_space;
        at += taken;
    }
    stripped.then_some(out)
}

/// Where `pattern` next occurs at or after a position that only grows:
/// each search starts past the last one's answer, so the searches
/// together read the text once.
struct Finder {
    pattern: &'static str,
    next: Option<usize>,
    exhausted: bool,
}

impl Finder {
    fn new(pattern: &'static str) -> Self {
        Self {
            pattern,
            next: None,
            exhausted: false,
        }
    }

    /// The first place of the pattern at or after `from` in `text`.
    fn find(&mut self, text: &str, from: usize) -> Option<usize> {
        match self.next {
            Some(next) if next >= from => return Some(next),
            _ if self.exhausted => return None,
            _ => {}
        }
        self.next = text
            .get(from..)
            .and_then(|rest| rest.find(self.pattern))
            .map(|found| from + found);
        self.exhausted = self.next.is_none();
        self.next
    }
}

#[cfg(test)]
mod tests {
    use super::without_comments;

    #[test]
    fn comments_are_spaces_and_versioned_ones_keep_their_content() {
        let cases = [
            ("union/**/select", "union select"),
            ("union/*a*/ \n /*b*/select", "union select"),
            ("union/*!50000select*/ 1,2", "union select 1,2"),
            ("union/*!select*/1", "union select 1"),
            ("union/*!800001 all*/ select", "union all select"),
            ("union#x\nselect", "union select"),
            ("union-- x\nselect", "union select"),
            ("union--\n--\nselect", "union select"),
            ("'/**/or/**/1=1", "' or 1=1"),
        ];
        for (text, expected) in cases {
            assert_eq!(
                without_comments(text).as_deref(),
                Some(expected),
                "{text:?}"
            );
        }
    }

    #[test]
    fn without_a_comment_there_is_no_second_view() {
        for text in ["plain text", "admin'#", "don't -- do it", "'/*", "#ff0000"] {
            assert_eq!(without_comments(text), None, "{text:?}");
        }
    }

    #[test]
    fn hostile_openers_cost_one_pass() {
        let unclosed = "/*x".repeat(50_000);
        assert_eq!(without_comments(&unclosed), None);
        let versioned = format!("{}*/", "/*!".repeat(50_000));
        assert_eq!(without_comments(&versioned).as_deref(), Some(" "));
        let lines = format!("{}\n", "#--".repeat(50_000));
        assert_eq!(without_comments(&lines).as_deref(), Some(" "));
    }
}
