//! Plugins: components composed in front of an app, such as
//! authentication, a WAF or rate limiting.
//!
//! A plugin is a crate of its own (a `cdylib`, like an app) with one
//! function marked `#[edge::plugin]`. It sees each request's method, URI
//! and headers before the app does, and decides: [`Decision::Pass`] hands
//! the request on, body unread, to the next plugin or the app;
//! [`Decision::Respond`] answers it, and the app never sees it.
//!
//! ```
//! use edge::plugin::{Decision, RequestHead};
//! use edge::{Response, http::StatusCode};
//!
//! #[edge::plugin]
//! fn no_admin(req: &RequestHead) -> Decision {
//!     if req.uri().path().starts_with("/admin") {
//!         let mut res = Response::new("forbidden".into());
//!         *res.status_mut() = StatusCode::FORBIDDEN;
//!         Decision::Respond(res)
//!     } else {
//!         Decision::Pass
//!     }
//! }
//!
//! // Natively the function is a plain function, ready for unit tests.
//! let req = edge::http::Request::get("/admin/users").body(())?;
//! assert_eq!(no_admin(&req).response().map(|r| r.status()), Some(StatusCode::FORBIDDEN));
//! assert!(no_admin(&edge::http::Request::get("/").body(())?).is_pass());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The component imports `wasi:http/incoming-handler` and exports it, as
//! standard `wasi:http` 0.2 middleware does, and composing it in front of
//! an app (`edge compose app.wasm --plugin no_admin.wasm -o out.wasm`)
//! gives one standard component. Plugins read configuration
//! ([`edge::config`](crate::config)), key-value stores
//! ([`edge::kv`](crate::kv)) and send requests ([`edge::fetch`](crate::fetch()))
//! as apps do, but only what the operator grants them, enforced inside the
//! composed component: the plugin named `auth` reads the keys `auth.*`,
//! opens its own copy of each store (never the app's keys), and sends no
//! request unless `edge.toml` grants it (`[plugins.grants.auth] config =
//! [...]`, `outbound = [...]`); a refused request fails with
//! [`FetchErrorKind::Denied`](crate::fetch::FetchErrorKind::Denied).
//!
//! `wasi:http` 0.2 has no way to build an incoming request, so a plugin
//! cannot change the request it passes on, nor the response that comes
//! back: it reads, and passes or answers. A function that returns an
//! [`Error`](crate::Error) answers with its status, and a panic ends the
//! whole request with a 500, as in an app.

#[doc(hidden)]
#[path = "internal.rs"]
pub mod __internal;
mod decision;

pub use decision::{Decision, IntoDecision};

/// What a plugin sees of a request: method, URI and headers. The body
/// stays with the host for the app.
pub type RequestHead = http::Request<()>;
