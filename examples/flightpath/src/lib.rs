//! The talk's FlightPath example, in Rust, plus a small JSON REST resource
//! mounted under `/api`.

mod flights;

use std::time::Instant;

use edge::Router;

/// Builds the app once: at build time, as `edge build` pre-initializes the
/// component, so no request pays for its routes.
#[edge::main]
fn main() -> Router {
    let mut router = Router::new();
    router.use_(|_req, res| res.header("x-powered-by", "FlightPath"));
    router.get("/", |_req, res| res.send("Hello World"));

    // Onion middleware: runs around everything after it, and reports how
    // long the app took in the standard `Server-Timing` header.
    router.wrap(|req, next| {
        let start = Instant::now();
        let mut res = next.run(req)?;
        let micros = start.elapsed().as_micros();
        res.headers_mut().insert(
            "server-timing",
            format!("app;dur={}.{:03}", micros / 1000, micros % 1000).parse()?,
        );
        Ok(res)
    });

    router.mount("/api", flights::routes());
    router
}
