//! A multipart body: each part's name, file name and content.

use std::borrow::Cow;

use super::{Part, Place};

/// The longest boundary RFC 2046 allows.
const LONGEST_BOUNDARY: usize = 70;

/// The parts of the multipart `body` whose boundary `content_type` names
/// onto `parts`; `false` (and nothing added) without a usable boundary or
/// parts. A section that has no header block is read whole, so nothing
/// between two boundaries goes unread.
pub(super) fn arguments<'a>(content_type: &str, body: &'a [u8], parts: &mut Vec<Part<'a>>) -> bool {
    let Some(boundary) = boundary(content_type) else {
        return false;
    };
    let delimiter = format!("--{boundary}").into_bytes();
    let mut found = false;
    for section in split(body, &delimiter).skip(1) {
        found = true;
        let Some((head, content)) = head_and_content(section) else {
            if !section.is_empty()
                && section != b"--"
                && !section.starts_with(b"--\r")
                && !section.starts_with(b"--\n")
            {
                parts.push(Part::new(Place::Arg, "body", section, false));
            }
            continue;
        };
        let head = String::from_utf8_lossy(head);
        if let Some(line) = head.lines().find(|line| {
            line.to_ascii_lowercase()
                .starts_with("content-disposition:")
        }) {
            for (name, value) in disposition_params(line) {
                if matches!(name.as_str(), "name" | "filename") {
                    parts.push(Part::new(
                        Place::Arg,
                        "body",
                        Cow::Owned(value.into_bytes()),
                        false,
                    ));
                }
            }
        }
        let content = content.strip_suffix(b"\r\n").unwrap_or(content);
        let content = content.strip_suffix(b"\n").unwrap_or(content);
        if !content.is_empty() {
            parts.push(Part::new(Place::Arg, "body", content, false));
        }
    }
    found
}

/// The `boundary` parameter of a multipart content type, if RFC 2046
/// allows it (1 to 70 bytes).
fn boundary(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"'))
            .filter(|value| !value.is_empty() && value.len() <= LONGEST_BOUNDARY)
    })
}

/// `body` cut at each `delimiter` that starts a line (as parsers honour
/// it): what precedes the first, then each section after one.
fn split<'a, 'd>(body: &'a [u8], delimiter: &'d [u8]) -> impl Iterator<Item = &'a [u8]> + 'd
where
    'a: 'd,
{
    let mut rest = Some(body);
    let mut at_start = true;
    std::iter::from_fn(move || {
        let text = rest?;
        let mut from = 0;
        loop {
            let Some(found) = memmem(&text[from..], delimiter).map(|at| from + at) else {
                rest = None;
                return Some(text);
            };
            let line_start = (found == 0 && at_start) || (found > 0 && text[found - 1] == b'\n');
            if line_start {
                at_start = false;
                rest = Some(&text[found + delimiter.len()..]);
                // The line break before a delimiter belongs to it.
                let section = text[..found].strip_suffix(b"\n").unwrap_or(&text[..found]);
                return Some(section.strip_suffix(b"\r").unwrap_or(section));
            }
            from = found + 1;
        }
    })
}

/// Where `needle` (not empty) first occurs in `haystack`.
fn memmem(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut from = 0;
    while let Some(at) = haystack[from..].iter().position(|&b| b == first) {
        let start = from + at;
        if haystack[start..].starts_with(needle) {
            return Some(start);
        }
        from = start + 1;
    }
    None
}

/// A part's header lines and its content, split at the first empty line
/// (`\r\n\r\n` or `\n\n`, whichever comes first).
fn head_and_content(section: &[u8]) -> Option<(&[u8], &[u8])> {
    let crlf = memmem(section, b"\r\n\r\n").map(|at| (at, 4));
    let lf = memmem(section, b"\n\n").map(|at| (at, 2));
    let (at, gap) = match (crlf, lf) {
        (Some(a), Some(b)) => {
            if a.0 <= b.0 {
                a
            } else {
                b
            }
        }
        (a, b) => a.or(b)?,
    };
    Some((&section[..at], &section[at + gap..]))
}

/// The parameters of a `Content-Disposition` line (`form-data; name="a;b";
/// filename=x.php`), each name lower-cased and each value unquoted: a `;`
/// inside quotes is part of the value, and an unquoted value ends at the
/// next `;`.
pub(crate) fn disposition_params(line: &str) -> Vec<(String, String)> {
    let mut params = Vec::new();
    let mut pieces = Vec::new();
    let (mut current, mut quoted) = (String::new(), false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ';' if !quoted => pieces.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    pieces.push(current);
    for piece in pieces.into_iter().skip(1) {
        if let Some((name, value)) = piece.split_once('=') {
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .map_or(value, |inner| inner.strip_suffix('"').unwrap_or(inner));
            params.push((name.trim().to_ascii_lowercase(), value.to_owned()));
        }
    }
    params
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(content_type: &str, body: &[u8]) -> Vec<String> {
        let mut parts = Vec::new();
        arguments(content_type, body, &mut parts);
        parts
            .iter()
            .map(|part| String::from_utf8_lossy(&part.text).into_owned())
            .collect()
    }

    #[test]
    fn a_delimiter_inside_a_value_does_not_hide_the_rest() {
        let body = b"--B\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\nx--B' union select 1-- \r\n--B--\r\n";
        let found = texts("multipart/form-data; boundary=B", body);
        assert!(
            found.iter().any(|t| t.contains("union select")),
            "{found:?}"
        );
    }

    #[test]
    fn quoted_and_unquoted_parameters_are_read() {
        let params =
            disposition_params("Content-Disposition: form-data; name=f; filename=shell.php");
        assert!(params.contains(&("filename".to_owned(), "shell.php".to_owned())));
        let params =
            disposition_params("Content-Disposition: form-data; name=\"fi;le\"; filename=\"a\"");
        assert!(params.contains(&("name".to_owned(), "fi;le".to_owned())));
    }

    #[test]
    fn a_section_without_headers_is_read_whole() {
        let found = texts(
            "multipart/form-data; boundary=B",
            b"--B\r\n<script>x</script>\r\n--B--",
        );
        assert!(found.iter().any(|t| t.contains("<script>")), "{found:?}");
    }

    #[test]
    fn a_boundary_longer_than_the_rfc_allows_is_not_one() {
        let boundary = "b".repeat(71);
        assert!(texts(&format!("multipart/form-data; boundary={boundary}"), b"x").is_empty());
    }
}
