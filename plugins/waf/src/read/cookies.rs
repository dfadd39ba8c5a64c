//! The `Cookie` header: each cookie's name and value, as arguments.

use super::{Part, Place};

/// The cookies of one `Cookie` header `value`, onto `parts`.
pub(super) fn arguments<'a>(value: &'a [u8], parts: &mut Vec<Part<'a>>) {
    for pair in value.split(|&b| b == b';') {
        let pair = pair.trim_ascii();
        let (name, value) = match pair.iter().position(|&b| b == b'=') {
            Some(at) => (&pair[..at], &pair[at + 1..]),
            None => (pair, &pair[pair.len()..]),
        };
        for piece in [name, value] {
            if !piece.is_empty() {
                parts.push(Part::new(Place::Arg, "cookie", piece, false));
            }
        }
    }
}
