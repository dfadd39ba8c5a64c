//! Appends 1,000,000 response headers, ignoring every refusal, then sends
//! the response: the host must stop it rather than hold or send them all.

use edge::__internal::bindings::wasi::http::types::{
    Fields, OutgoingBody, OutgoingResponse, ResponseOutparam,
};

pub(crate) fn pile_up(out: ResponseOutparam) {
    let fields = Fields::new();
    for i in 0..1_000_000 {
        let _ = fields.append(&format!("x-pile-{i}"), b"piled up by a hostile guest");
    }
    let response = OutgoingResponse::new(fields);
    let Ok(body) = response.body() else { return };
    ResponseOutparam::set(out, Ok(response));
    let _ = OutgoingBody::finish(body, None);
}
