//! A path as a server resolves it: `/etc//passwd`, `/etc/./passwd` and
//! `/etc;x/passwd` are `/etc/passwd` to many, and `..;` is `..` to a
//! servlet container.

use std::borrow::Cow;

/// `text` with each `/`-separated segment cut at its first `;` (path
/// parameters), then empty and `.` segments dropped (the first and the
/// last stay, so a leading and a trailing `/` do). Borrowed when there is
/// nothing to change.
pub(crate) fn canonical(text: &str) -> Cow<'_, str> {
    if !(text.contains(';') || text.contains("//") || text.contains("/./") || text.ends_with("/."))
    {
        return Cow::Borrowed(text);
    }
    let segments: Vec<&str> = text
        .split('/')
        .map(|segment| segment.split(';').next().unwrap_or(segment))
        .collect();
    let last = segments.len() - 1;
    let kept: Vec<&str> = segments
        .iter()
        .enumerate()
        .filter(|&(i, segment)| {
            i == 0 || (i == last && segment.is_empty()) || !matches!(*segment, "" | ".")
        })
        .map(|(_, segment)| *segment)
        .collect();
    Cow::Owned(kept.join("/"))
}

#[cfg(test)]
mod tests {
    use super::canonical;

    #[test]
    fn empty_and_dot_segments_and_parameters_go() {
        let cases = [
            ("/etc//passwd", "/etc/passwd"),
            ("/etc/./passwd", "/etc/passwd"),
            ("//etc/.//./passwd/.", "/etc/passwd"),
            ("/a/..;/admin", "/a/../admin"),
            ("/a/..;x=1", "/a/.."),
            ("/app/.git;v=1/", "/app/.git/"),
            ("..;/..;/etc", "../../etc"),
            ("/api/flights", "/api/flights"),
        ];
        for (text, expected) in cases {
            assert_eq!(canonical(text), expected, "{text:?}");
        }
    }
}
