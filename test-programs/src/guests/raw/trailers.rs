//! A chunked body ended with trailers, as `wasi:http` allows: well
//! behaved, but a path the SDK never takes, so the host must log it as the
//! complete response it is.

use edge::__internal::bindings::wasi::http::types::{
    Fields, OutgoingBody, OutgoingResponse, ResponseOutparam,
};

pub(crate) fn ends_with_trailers(out: ResponseOutparam) {
    let response = OutgoingResponse::new(Fields::new());
    let Ok(body) = response.body() else { return };
    ResponseOutparam::set(out, Ok(response));
    if let Ok(stream) = body.write() {
        let _ = stream.blocking_write_and_flush(b"body before trailers");
    }
    let trailers = Fields::new();
    let _ = trailers.append("x-checksum", b"0");
    let _ = OutgoingBody::finish(body, Some(trailers));
}
