//! Guests for the host's tests: each module is one behaviour, good or
//! hostile, reached at `/<module name>`.

mod alloc;
mod fetch;
mod kv;
mod spin;

use edge::{Request, Response};

#[edge::main]
fn main(req: Request) -> edge::Result<Response> {
    match req.uri().path() {
        "/hello" => Ok(Response::new("hello".into())),
        "/spin" => spin::forever(),
        "/alloc" => alloc::one_gib(),
        "/kv" => kv::count(),
        "/fetch" => fetch::from_query(&req),
        _ => Err(edge::Error::new(
            edge::http::StatusCode::NOT_FOUND,
            "no such test program",
        )),
    }
}
