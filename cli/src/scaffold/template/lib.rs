//! An edge app.

use edge::{RequestExt, Router};

/// Builds the app once, before any request: at build time, as `edge build`
/// pre-initializes the component. To build it per request instead, take
/// the request: `fn main(req: edge::Request) -> edge::Result<edge::Response>`.
#[edge::main]
fn main() -> Router {
    let mut router = Router::new();
    router.use_(|_req, res| res.header("x-powered-by", "edge"));
    router.get("/", |_req, res| res.send("Hello World"));
    router.get("/hello/:name", |req, res| {
        let name = req.param("name").unwrap_or("stranger").to_owned();
        res.send(format!("Hello, {name}!"))
    });
    router
}
