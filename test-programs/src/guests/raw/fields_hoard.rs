//! Creates 9,000 header `fields` of about 96 KiB each and keeps them all:
//! each is under `wasi:http`'s per-fields limit, together they would hold
//! some 850 MB of host memory for one request. Answers with how many it
//! made before the host stopped it.

use edge::__internal::bindings::wasi::http::types::{
    Fields, OutgoingBody, OutgoingResponse, ResponseOutparam,
};

pub(crate) fn hoard(out: ResponseOutparam) {
    let value = vec![b'a'; 96 << 10];
    let mut kept = Vec::new();
    for _ in 0..9_000 {
        let fields = Fields::new();
        if fields.append("x-hoard", &value).is_err() {
            break;
        }
        kept.push(fields);
    }
    let response = OutgoingResponse::new(Fields::new());
    let Ok(body) = response.body() else { return };
    ResponseOutparam::set(out, Ok(response));
    if let Ok(stream) = body.write() {
        let _ = stream.blocking_write_and_flush(format!("kept {}", kept.len()).as_bytes());
    }
    let _ = OutgoingBody::finish(body, None);
}
