//! Form-encoded text (a query, a form body): each argument's name and
//! value, and the whole text, so that what is split at `=` or `&` is seen
//! whole too.

use super::{Part, Place};

/// The arguments of form-encoded `text`, from `origin`, onto `parts`.
pub(super) fn arguments<'a>(text: &'a [u8], origin: &'static str, parts: &mut Vec<Part<'a>>) {
    for pair in text.split(|&b| b == b'&') {
        let (name, value) = match pair.iter().position(|&b| b == b'=') {
            Some(at) => (&pair[..at], &pair[at + 1..]),
            None => (pair, &pair[pair.len()..]),
        };
        for piece in [name, value] {
            if !piece.is_empty() {
                parts.push(Part::new(Place::Arg, origin, piece, true));
            }
        }
    }
    if text.iter().any(|&b| b == b'&' || b == b'=') {
        parts.push(Part::new(Place::Joined, origin, text, true));
    }
}
