//! Guests for the host's tests: each module is one behaviour, good or
//! hostile, reached at the path [`routes`] gives it.
//!
//! Most go through the SDK; the ones in `raw` call `wasi:http` directly,
//! so this crate exports the handler itself instead of using
//! `#[edge::main]`. The guests exist only as WebAssembly; natively the
//! crate is the table of their routes and how the hostile ones must end,
//! which the host's tests share.

#[cfg(target_arch = "wasm32")]
mod guests;
pub mod probes;
pub mod routes;
