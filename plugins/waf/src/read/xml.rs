//! An XML body: its text (CDATA and comments too) and its attribute
//! values, entities decoded, as an XML parser hands them to the app.

use super::{Part, Place};
use crate::decode::entities::xml_decoded;

/// The text and attribute values of the XML `body` onto `parts`; `false`
/// (and nothing added) if it holds no tag.
pub(super) fn arguments<'a>(body: &'a [u8], parts: &mut Vec<Part<'a>>) -> bool {
    if !body.contains(&b'<') {
        return false;
    }
    let mut push = |text: &'a [u8]| {
        let text = text.trim_ascii();
        if !text.is_empty() {
            parts.push(Part::new(Place::Arg, "body", xml_decoded(text), false));
        }
    };
    let mut rest = body;
    while let Some(open) = rest.iter().position(|&b| b == b'<') {
        push(&rest[..open]);
        rest = &rest[open..];
        if let Some((inner, after)) = section(rest) {
            push(inner);
            rest = after;
            continue;
        }
        let Some(close) = rest.iter().position(|&b| b == b'>') else {
            push(rest);
            return true;
        };
        attribute_values(&rest[..close], &mut push);
        rest = &rest[close + 1..];
    }
    push(rest);
    true
}

/// The quoted values inside a tag.
fn attribute_values<'a>(tag: &'a [u8], push: &mut impl FnMut(&'a [u8])) {
    let mut rest = tag;
    while let Some(at) = rest.iter().position(|&b| b == b'"' || b == b'\'') {
        let quote = rest[at];
        let inner = &rest[at + 1..];
        let close = inner
            .iter()
            .position(|&b| b == quote)
            .unwrap_or(inner.len());
        push(&inner[..close]);
        rest = &inner[(close + 1).min(inner.len())..];
    }
}

/// A CDATA section or comment at the start of `text`: its content, and
/// what follows it.
fn section(text: &[u8]) -> Option<(&[u8], &[u8])> {
    [(&b"<![CDATA["[..], &b"]]>"[..]), (b"<!--", b"-->")]
        .into_iter()
        .find_map(|(start, end)| {
            let inner = text.strip_prefix(start)?;
            let close = find(inner, end).unwrap_or(inner.len());
            Some((
                &inner[..close],
                &inner[(close + end.len()).min(inner.len())..],
            ))
        })
}

fn find(text: &[u8], needle: &[u8]) -> Option<usize> {
    text.windows(needle.len()).position(|w| w == needle)
}
