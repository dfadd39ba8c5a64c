//! Form-encoded text (a query, a form body): each argument's name and
//! value, and the whole text, so that what is split at `=` or `&` is seen
//! whole too.

use super::{Part, Place};

/// The arguments of form-encoded `text`, from `origin`, onto `parts`.
pub(super) fn arguments<'a>(text: &'a [u8], origin: &'static str, parts: &mut Vec<Part<'a>>) {
    push_pairs(text, b'&', origin, true, parts);
    if text.iter().any(|&b| b == b'&' || b == b'=') {
        parts.push(Part::new(Place::Joined, origin, text, true));
    }
}

/// The names and values of `text`'s `name=value` pairs, cut at
/// `separator` (a form's `&`, a cookie header's `;`) and each trimmed of
/// blanks when `separator` is `;`, onto `parts` (empty ones left out), as
/// arguments from `origin`, form-encoded if `form`.
pub(super) fn push_pairs<'a>(
    text: &'a [u8],
    separator: u8,
    origin: &'static str,
    form: bool,
    parts: &mut Vec<Part<'a>>,
) {
    for pair in text.split(|&b| b == separator) {
        let pair = if separator == b';' {
            pair.trim_ascii()
        } else {
            pair
        };
        let (name, value) = match pair.iter().position(|&b| b == b'=') {
            Some(at) => (&pair[..at], &pair[at + 1..]),
            None => (pair, &pair[pair.len()..]),
        };
        for piece in [name, value] {
            if !piece.is_empty() {
                parts.push(Part::new(Place::Arg, origin, piece, form));
            }
        }
    }
}
