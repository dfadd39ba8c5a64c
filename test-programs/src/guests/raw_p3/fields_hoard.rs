//! Hoards header bytes in host memory through 0.3's `fields` calls: 9,000
//! fields of 96 KiB (some 850 MB) by `from-list`, then by `clone`. The
//! request's fields budget stops each long before; if the host let it
//! finish, the answer says how many it kept.

use edge::__internal::bindings::wasi::http::types::{Fields, Response};

use super::text_response::text_response;

/// How many a hoard tries to keep.
const TRIES: usize = 9_000;

/// One header value just under `wasi:http`'s per-fields limit.
fn value() -> Vec<u8> {
    vec![b'a'; 96 << 10]
}

/// `fields.from-list`, a new fields each time.
pub(super) fn from_list() -> Response {
    let entry = [("x-hoard".to_owned(), value())];
    let kept: Vec<Fields> = (0..TRIES)
        .map_while(|_| Fields::from_list(&entry).ok())
        .collect();
    kept_answer(kept.len())
}

/// `fields.clone` of one full fields, kept.
pub(super) fn clone() -> Response {
    let original = Fields::new();
    let _ = original.append("x-hoard", &value());
    let kept: Vec<Fields> = (0..TRIES).map(|_| original.clone()).collect();
    kept_answer(kept.len())
}

fn kept_answer(kept: usize) -> Response {
    text_response(if kept == TRIES {
        "kept all"
    } else {
        "kept some"
    })
}
