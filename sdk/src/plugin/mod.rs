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
//! A plugin that judges bodies takes their first bytes too: `fn(&RequestHead,
//! &BodyPrefix) -> Decision` sees up to [`BodyPrefix::LIMIT`] bytes, and a
//! request it passes goes on with its whole body, streamed. That needs WASI
//! 0.3 (`edge build --wasi 0.3`, the SDK's `p3` feature), which can build a
//! request around a body already read; built for 0.2, the same plugin sees
//! every body [unread](BodyPrefix::is_unread) and the body goes on untouched.
//!
//! The component imports the `wasi:http` handler and exports it, as
//! standard middleware does (0.2's `incoming-handler`; 0.3's `handler`, the
//! `wasi:http/middleware` world), and composing it in front of an app of
//! the same WASI version (`edge compose app.wasm --plugin no_admin.wasm -o
//! out.wasm`) gives one standard component. Plugins read configuration
//! ([`edge::config`](crate::config)), key-value stores
//! ([`edge::kv`](crate::kv)) and send requests ([`edge::fetch`](crate::fetch()))
//! as apps do, but only what the operator grants them, enforced inside the
//! composed component: the plugin named `auth` reads the keys `auth.*`,
//! opens its own copy of each store (never the app's keys), and sends no
//! request unless `edge.toml` grants it (`[plugins.grants.auth] config =
//! [...]`, `outbound = [...]`); a refused request fails with
//! [`FetchErrorKind::Denied`](crate::fetch::FetchErrorKind::Denied), over
//! WASI 0.2 and 0.3 alike.
//!
//! A plugin passes the request on unchanged, or answers it: it cannot
//! change the request or the response that comes back. A function that
//! returns an [`Error`](crate::Error) answers with its status, and a panic
//! ends the whole request with a 500, as in an app.

#[doc(hidden)]
#[path = "internal.rs"]
pub mod __internal;
mod body_prefix;
mod decision;
#[cfg(all(target_arch = "wasm32", feature = "plugin", not(feature = "p3")))]
mod serve_p2;
#[cfg(all(target_arch = "wasm32", feature = "plugin", feature = "p3"))]
mod serve_p3;
#[cfg(all(target_arch = "wasm32", feature = "plugin"))]
mod verdict;

pub use body_prefix::BodyPrefix;
pub use decision::{Decision, IntoDecision};

/// What a plugin sees of a request: method, URI and headers. The body
/// stays with the host for the app, unless the plugin takes a
/// [`BodyPrefix`] too.
pub type RequestHead = http::Request<()>;
