//! Guests for the host's tests: each module is one behaviour, good or
//! hostile, reached at `/<name>`.
//!
//! Most go through the SDK; the ones in [`raw`] call `wasi:http` directly,
//! so this crate exports the handler itself instead of using
//! `#[edge::main]`. They exist only as WebAssembly: natively the crate is
//! empty.
#![cfg(target_arch = "wasm32")]

mod alloc;
mod big_body;
mod fetch;
mod kv;
mod leftovers;
mod panics;
mod raw;
mod recursion;
mod slow;
mod spin;
mod upload;

use edge::__internal::bindings::exports::wasi::http::incoming_handler::Guest;
use edge::__internal::bindings::wasi::http::types::{IncomingRequest, ResponseOutparam};
use edge::{Request, Response};

struct TestPrograms;

impl Guest for TestPrograms {
    fn handle(request: IncomingRequest, out: ResponseOutparam) {
        match raw::route(&request) {
            Some(raw) => raw(out),
            None => edge::__internal::serve(request, out, through_the_sdk),
        }
    }
}

edge::__internal::bindings::__export_incoming_handler!(TestPrograms);

fn through_the_sdk(req: Request) -> edge::Result<Response> {
    match req.uri().path() {
        "/hello" => Ok(Response::new("hello".into())),
        "/spin" => spin::forever(),
        "/alloc" => alloc::one_gib(),
        "/recursion" => recursion::bottomless(),
        "/panic" => panics::before_response(),
        "/panic-after-head" => panics::after_head(),
        "/body-1gib" => big_body::one_gib(),
        "/counter" => leftovers::counter(),
        "/secret/leave" => leftovers::leave(&req),
        "/secret/find" => leftovers::find(&req),
        "/secret/leave-and-find" => leftovers::leave_and_find(&req),
        "/discard" => upload::discard(req),
        "/kv" => kv::count(),
        "/kv-put" => kv::put(&req),
        "/kv-batch" => kv::batch(),
        "/kv-unknown-store" => kv::unknown_store(),
        "/config" => kv::config(),
        "/fetch" => fetch::from_query(&req),
        "/fetch-header" => fetch::with_header(&req),
        "/fetch-follow" => fetch::following(&req),
        "/sleep" => slow::sleep(&req),
        "/redirect" => redirect(&req),
        "/host-set-header" => host_set_header(),
        _ => Err(edge::Error::new(
            edge::http::StatusCode::NOT_FOUND,
            "no such test program",
        )),
    }
}

/// A 302 to `?to=...`, or to `/hello`.
fn redirect(req: &Request) -> edge::Result<Response> {
    let to = req
        .uri()
        .query()
        .and_then(|q| q.strip_prefix("to="))
        .unwrap_or("/hello");
    let mut res = Response::new(edge::Body::empty());
    *res.status_mut() = edge::http::StatusCode::FOUND;
    res.headers_mut()
        .insert("location", edge::http::HeaderValue::try_from(to)?);
    Ok(res)
}

/// A response with a header only the host may set, beside an ordinary one.
fn host_set_header() -> edge::Result<Response> {
    let mut res = Response::new("body".into());
    let headers = res.headers_mut();
    headers.insert(
        "connection",
        edge::http::HeaderValue::from_static("upgrade"),
    );
    headers.insert("x-kept", edge::http::HeaderValue::from_static("yes"));
    Ok(res)
}
