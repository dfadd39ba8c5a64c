//! A multipart body: each part's name, file name and content.

use std::borrow::Cow;

use super::{Part, Place};

/// The parts of the multipart `body` whose boundary `content_type` names
/// onto `parts`; `false` (and nothing added) without a boundary or parts.
pub(super) fn arguments<'a>(content_type: &str, body: &'a [u8], parts: &mut Vec<Part<'a>>) -> bool {
    let Some(boundary) = boundary(content_type) else {
        return false;
    };
    let delimiter = format!("--{boundary}").into_bytes();
    let mut found = false;
    for section in split(body, &delimiter).skip(1) {
        let Some((head, content)) = head_and_content(section) else {
            continue;
        };
        found = true;
        for name in ["name", "filename"] {
            if let Some(value) = disposition_param(head, name) {
                parts.push(Part::new(Place::Arg, "body", Cow::Owned(value), false));
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

/// The `boundary` parameter of a multipart content type.
fn boundary(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"'))
            .filter(|value| !value.is_empty())
    })
}

/// `body` cut at each `delimiter`.
fn split<'a, 'd>(body: &'a [u8], delimiter: &'d [u8]) -> impl Iterator<Item = &'a [u8]> + 'd
where
    'a: 'd,
{
    let mut rest = Some(body);
    std::iter::from_fn(move || {
        let text = rest?;
        match text.windows(delimiter.len()).position(|w| w == delimiter) {
            Some(at) => {
                rest = Some(&text[at + delimiter.len()..]);
                Some(&text[..at])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

/// A part's header lines and its content, split at the first empty line.
fn head_and_content(section: &[u8]) -> Option<(&[u8], &[u8])> {
    let (at, gap) = section
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|at| (at, 4))
        .or_else(|| {
            section
                .windows(2)
                .position(|w| w == b"\n\n")
                .map(|at| (at, 2))
        })?;
    Some((&section[..at], &section[at + gap..]))
}

/// The value of `name` (`name="x"`, `filename=x`) in a part's
/// `Content-Disposition`.
fn disposition_param(head: &[u8], name: &str) -> Option<Vec<u8>> {
    let head = String::from_utf8_lossy(head);
    let line = head.lines().find(|line| {
        line.to_ascii_lowercase()
            .starts_with("content-disposition:")
    })?;
    line.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| value.trim().trim_matches('"').as_bytes().to_vec())
    })
}
