//! The `Cookie` header: each cookie's name and value, as arguments.

use super::Part;
use super::form::push_pairs;

/// The cookies of one `Cookie` header `value`, onto `parts`.
pub(super) fn arguments<'a>(value: &'a [u8], parts: &mut Vec<Part<'a>>) {
    push_pairs(value, b';', "cookie", false, parts);
}
