//! Write HTTP services that run as WebAssembly components at the edge.
//!
//! An edge app is one function from a [`Request`] to a [`Response`], marked
//! with [`#[edge::main]`](main). It may return anything that can answer a
//! request ([`IntoResponse`]), as a route of the [`Router`] does: usually an
//! [`edge::Result<Response>`](Result). It compiles to a `wasm32-wasip2` component
//! that speaks only standard WASI (`wasi:http` 0.2; with the feature `p3`,
//! `wasi:http` 0.3 from the same source), so the same `.wasm` file runs under
//! `edge serve`, in tests through `edge-harness`, and on any standard WASI
//! HTTP host such as `wasmtime serve -S cli`.
//!
//! ```
//! use edge::{Request, Response};
//!
//! #[edge::main]
//! fn hello(req: Request) -> edge::Result<Response> {
//!     let name = req.uri().query().unwrap_or("world").to_owned();
//!     Ok(Response::new(format!("Hello, {name}!").into()))
//! }
//!
//! // Natively the handler is a plain function, ready for unit tests.
//! let res = hello(Request::new(edge::Body::empty()))?;
//! assert_eq!(res.into_body().into_string()?, "Hello, world!");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Requests and responses are the [`http`] crate's types with a [`Body`]
//! that streams: an incoming body is read from the host only when the
//! handler reads it, and a response body can be produced while it is sent.
//!
//! A handler that returns an [`Error`] answers with the error's status
//! (500 unless set otherwise) and writes the error to stderr; a panic ends
//! the instance, and the host answers 500.
//!
//! With the feature `cache`, `edge::cache` adds an RFC 9111 HTTP cache in
//! front of [`fetch()`] and a simple get-or-insert cache, both kept in the
//! host's `wasi:keyvalue` store; without it, apps pay nothing for them.
//!
//! The crate compiles on native targets too, so handlers can be unit-tested
//! without wasm; only sending a response needs the host.

#[cfg(target_arch = "wasm32")]
extern crate self as edge;

mod after_response;
mod body;
#[cfg(target_arch = "wasm32")]
mod built_app;
#[cfg(feature = "cache")]
pub mod cache;
pub mod config;
mod error_response;
pub mod fetch;
mod fetch_error;
mod fetch_timeouts;
pub mod kv;
mod kv_error;
pub mod plugin;
pub use edge_macros::plugin;
mod route_body;
mod wasi;

#[doc(hidden)]
#[path = "internal.rs"]
pub mod __internal;

pub use after_response::after_response;
pub use body::Body;
pub use bytes::{self, Bytes};
pub use edge_macros::main;
pub use edge_router::{
    App, BodyError, Cookie, DEFAULT_BODY_LIMIT, Error, IntoResponse, Params, RequestExt, Result,
    RouteBody, SameSite,
};
pub use fetch::fetch;
pub use http;

/// An HTTP request with a streaming [`Body`].
pub type Request = http::Request<Body>;

/// An HTTP response with a streaming [`Body`].
pub type Response = http::Response<Body>;

/// The FlightPath-style router over [`Body`]: see [`edge_router::Router`].
pub type Router = edge_router::Router<Body>;

/// The reply a route builds, Express's `res`: see [`edge_router::Reply`].
pub type Reply = edge_router::Reply<Body>;

/// The rest of a middleware chain: see [`edge_router::Next`].
pub type Next<'a> = edge_router::Next<'a, Body>;
