//! A JSON body: every key and every string, at any depth.

use std::borrow::Cow;

use serde_json::Value;

use super::{Part, Place};

/// The keys and strings of the JSON `body` onto `parts`; `false` (and
/// nothing added) if it does not parse, cut short or not JSON at all.
pub(super) fn arguments<'a>(body: &'a [u8], parts: &mut Vec<Part<'a>>) -> bool {
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return false;
    };
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        match value {
            Value::String(text) => parts.push(owned(text)),
            Value::Array(items) => pending.extend(items),
            Value::Object(map) => {
                for (key, value) in map {
                    parts.push(owned(key));
                    pending.push(value);
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
    true
}

fn owned<'a>(text: String) -> Part<'a> {
    Part::new(Place::Arg, "body", Cow::Owned(text.into_bytes()), false)
}
