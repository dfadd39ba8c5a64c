//! The talk's FlightPath example and nothing else: a router, one `use_`
//! middleware, one route. Its size over `sdk-hello` is what the router
//! costs.

use edge::{Request, Response, Router};

#[edge::main]
fn main(req: Request) -> edge::Result<Response> {
    let mut router = Router::new();
    router.use_(|_req, res| res.header("x-powered-by", "FlightPath"));
    router.get("/", |_req, res| res.send("Hello World"));
    router.handle(req)
}
