//! Each call that puts guest bytes into host memory, used to hoard them:
//! `fields.from-list`, `fields.set`, `fields.clone`,
//! `outgoing-request.set-authority` and `set-path-with-query` against the
//! request's fields budget, and `random.get-random-bytes` against the host
//! call cap. Each answers with how far it got if the host lets it finish.

use edge::__internal::bindings::wasi::http::types::{
    Fields, OutgoingBody, OutgoingRequest, OutgoingResponse, ResponseOutparam,
};
use edge::__internal::bindings::wasi::random::random::get_random_bytes;

/// How many of each a hoard tries to keep: at 96 KiB each, some 850 MB.
const TRIES: usize = 9_000;

/// One header value just under `wasi:http`'s per-fields limit.
fn value() -> Vec<u8> {
    vec![b'a'; 96 << 10]
}

/// `fields.from-list`, a new fields each time.
pub(crate) fn from_list(out: ResponseOutparam) {
    let entry = [("x-hoard".to_owned(), value())];
    let kept: Vec<Fields> = (0..TRIES)
        .map_while(|_| Fields::from_list(&entry).ok())
        .collect();
    answer(out, kept.len());
}

/// `fields.set`, a new fields each time.
pub(crate) fn set(out: ResponseOutparam) {
    let value = value();
    let mut kept = Vec::new();
    for _ in 0..TRIES {
        let fields = Fields::new();
        if fields.set("x-hoard", std::slice::from_ref(&value)).is_err() {
            break;
        }
        kept.push(fields);
    }
    answer(out, kept.len());
}

/// `fields.clone` of one full fields, kept.
pub(crate) fn clone(out: ResponseOutparam) {
    let original = Fields::new();
    let _ = original.append("x-hoard", &value());
    let kept: Vec<Fields> = (0..TRIES).map(|_| original.clone()).collect();
    answer(out, kept.len());
}

/// `outgoing-request.set-authority`: 1,000 bytes four times on each new
/// request. The budget counts every byte put, a replaced authority's too,
/// so the hoard reaches it in fewer calls (an authority is at most 1 KiB:
/// 8 MiB takes some 8,400 calls, each tens of microseconds on a debug
/// host).
pub(crate) fn authority(out: ResponseOutparam) {
    let authority = "a".repeat(1_000);
    let mut kept = Vec::new();
    'hoard: for _ in 0..TRIES {
        let request = OutgoingRequest::new(Fields::new());
        for _ in 0..4 {
            if request.set_authority(Some(&authority)).is_err() {
                break 'hoard;
            }
        }
        kept.push(request);
    }
    answer(out, kept.len());
}

/// `outgoing-request.set-path-with-query`: 60,000 bytes (under `http`'s
/// 64 KiB URI limit) on each new request.
pub(crate) fn path(out: ResponseOutparam) {
    let path = format!("/{}", "a".repeat(59_999));
    let mut kept = Vec::new();
    for _ in 0..TRIES {
        let request = OutgoingRequest::new(Fields::new());
        if request.set_path_with_query(Some(&path)).is_err() {
            break;
        }
        kept.push(request);
    }
    answer(out, kept.len());
}

/// `random.get-random-bytes` of 32 MiB in one call: over edge's host call
/// cap (16 MiB), under wasmtime's own default (64 MiB).
pub(crate) fn random(out: ResponseOutparam) {
    let bytes = get_random_bytes(32 << 20);
    answer(out, bytes.len());
}

fn answer(out: ResponseOutparam, kept: usize) {
    let response = OutgoingResponse::new(Fields::new());
    let Ok(body) = response.body() else { return };
    ResponseOutparam::set(out, Ok(response));
    if let Ok(stream) = body.write() {
        let _ = stream.blocking_write_and_flush(format!("kept {kept}").as_bytes());
    }
    let _ = OutgoingBody::finish(body, None);
}
