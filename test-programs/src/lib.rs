//! Guests for the host's tests: each module is one behaviour, good or
//! hostile, reached at `/<module name>`.

mod alloc;
mod fetch;
mod kv;
mod slow;
mod spin;

use edge::{Request, Response};

#[edge::main]
fn main(req: Request) -> edge::Result<Response> {
    match req.uri().path() {
        "/hello" => Ok(Response::new("hello".into())),
        "/spin" => spin::forever(),
        "/alloc" => alloc::one_gib(),
        "/kv" => kv::count(),
        "/kv-batch" => kv::batch(),
        "/kv-unknown-store" => kv::unknown_store(),
        "/config" => kv::config(),
        "/fetch" => fetch::from_query(&req),
        "/sleep" => slow::sleep(&req),
        "/redirect" => {
            let mut res = Response::new(edge::Body::empty());
            *res.status_mut() = edge::http::StatusCode::FOUND;
            res.headers_mut()
                .insert("location", edge::http::HeaderValue::from_static("/hello"));
            Ok(res)
        }
        _ => Err(edge::Error::new(
            edge::http::StatusCode::NOT_FOUND,
            "no such test program",
        )),
    }
}
