//! The floor's hello-world, written with the SDK: the same response
//! (`content-type: text/plain; charset=utf-8`, `Hello World`) for every
//! request. Its size and latency over the floor are what the SDK costs.

use edge::http::{HeaderValue, header};
use edge::{Request, Response};

#[edge::main]
fn main(_req: Request) -> edge::Result<Response> {
    let mut res = Response::new("Hello World".into());
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    Ok(res)
}
