//! The floor: a hello-world written directly against `wasi:http` bindings,
//! with no SDK. Sizes and latencies of edge apps are measured against it.

#[allow(
    unsafe_code,
    missing_docs,
    unreachable_pub,
    clippy::all,
    rust_2018_idioms
)]
mod bindings {
    wit_bindgen::generate!({
        path: "../../sdk/wit",
        world: "wasi:http/proxy@0.2.6",
        generate_all,
    });
}

use bindings::exports::wasi::http::incoming_handler::Guest;
use bindings::wasi::http::types::{
    Fields, IncomingRequest, OutgoingBody, OutgoingResponse, ResponseOutparam,
};

struct Floor;

impl Guest for Floor {
    fn handle(_request: IncomingRequest, response_out: ResponseOutparam) {
        let headers = Fields::new();
        let _ = headers.append("content-type", b"text/plain; charset=utf-8");
        let response = OutgoingResponse::new(headers);
        let body = response.body().expect("a new response hands out its body");
        ResponseOutparam::set(response_out, Ok(response));
        let stream = body.write().expect("a new body hands out its stream");
        let _ = stream.blocking_write_and_flush(b"Hello World");
        drop(stream);
        let _ = OutgoingBody::finish(body, None);
    }
}

#[allow(unsafe_code)]
const _: () = {
    bindings::export!(Floor with_types_in bindings);
};
