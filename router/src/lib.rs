//! The FlightPath-style router and middleware of the edge SDK, re-exported
//! by `edge` as `edge::Router`.
//!
//! The talk's FlightPath example reads almost word for word:
//!
//! ```
//! use edge_router::Router;
//!
//! let mut router = Router::<String>::new();
//! router.use_(|_req, res| res.header("x-powered-by", "FlightPath"));
//! router.get("/", |_req, res| res.send("Hello World"));
//!
//! let res = router.handle(http::Request::get("/").body(String::new())?)?;
//! assert_eq!(res.headers()["x-powered-by"], "FlightPath");
//! assert_eq!(res.body(), "Hello World");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Handlers and `use_` middleware are `|req, res| ...`: `req` is the
//! `http::Request` (read params, query, JSON and cookies through
//! [`RequestExt`]), `res` the [`Reply`] built so far. They return anything
//! that is [`IntoResponse`]: the reply, an `http::Response`, or a `Result`
//! of either with [`Error`], so `?` works inside them. Onion middleware
//! ([`Router::wrap`]) gets the request and [`Next`], and can change the
//! response after the handler has run.
//!
//! The router is generic over the body type ([`RouteBody`]), so it works
//! with `edge::Body` in a component and with `String` in native unit tests.

mod app;
mod body_error;
mod cookie;
mod error;
mod into_response;
mod middleware;
mod params;
mod reply;
mod request_ext;
mod route_body;
mod route_path;
mod router;

pub use app::App;
pub use body_error::BodyError;
pub use cookie::{Cookie, SameSite};
pub use error::{Error, Result};
pub use into_response::IntoResponse;
pub use middleware::Next;
pub use params::Params;
pub use reply::Reply;
pub use request_ext::RequestExt;
pub use route_body::{DEFAULT_BODY_LIMIT, RouteBody};
pub use router::Router;
