//! The body's arguments, read by its `Content-Type`: JSON's keys and
//! strings, each multipart part, XML's text and attribute values; any
//! other body (a form, no type, a type no parser here reads) as a form,
//! as PHP and many frameworks read it: a body that is not one comes out
//! whole, as its one argument.

use super::{Part, form, json, multipart, xml};

/// The arguments of `body` (the first bytes a plugin sees), read as
/// `content_type` says, onto `parts`.
pub(super) fn arguments<'a>(content_type: &str, body: &'a [u8], parts: &mut Vec<Part<'a>>) {
    if body.is_empty() {
        return;
    }
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let read = match essence.as_str() {
        "multipart/form-data" | "multipart/mixed" | "multipart/related" => {
            multipart::arguments(content_type, body, parts)
        }
        json if json == "application/json" || json.ends_with("+json") => {
            json::arguments(body, parts)
        }
        xml if xml.ends_with("/xml") || xml.ends_with("+xml") => xml::arguments(body, parts),
        _ => false,
    };
    if !read {
        form::arguments(body, "body", parts);
    }
}
