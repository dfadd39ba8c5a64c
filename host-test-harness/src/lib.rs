//! The edge host on wasmtime.
//!
//! - [`TestApp`] runs an edge app in-process for `cargo test`: it builds the
//!   app's package for `wasm32-wasip2`, compiles the component once, and gives
//!   every request a fresh instance, as production does.
//! - The `edge` binary (`edge serve`, `edge build`, `edge new`) is the local
//!   development server and tool.
//!
//! The host speaks standard WASI only: the WASI CLI interfaces and
//! `wasi:http` 0.2, the same set `wasmtime serve -S cli` gives a guest.
//!
//! ```no_run
//! use edge_harness::TestApp;
//!
//! let app = TestApp::from_package("examples/hello")?;
//! let res = app.post("/echo").header("x-trace", "1").body("ping").send()?;
//! assert_eq!(res.status(), 200);
//! assert_eq!(res.text(), "ping");
//! # Ok::<(), edge_harness::Error>(())
//! ```

mod cargo_build;
mod component_info;
mod content_length;
mod engine;
mod failure;
mod guest;
mod host_services;
mod kv_backend;
mod kv_host;
mod kv_sqlite;
mod limits;
mod log_capture;
mod manifest;
mod mock;
mod outbound;
mod request_body_limit;
mod request_state;
mod request_timing;
mod scaffold;
mod serve_options;
mod server;
mod test_app;
mod test_app_builder;
mod test_kv;
mod test_request;
mod test_response;
mod write_timeout;

pub use cargo_build::{Progress, WASM_TARGET, build_package};
pub use component_info::ComponentInfo;
pub use kv_backend::DEFAULT_STORE;
pub use limits::Limits;
pub use manifest::{KvSection, LimitsSection, MANIFEST_FILE, Manifest, OutboundSection};
pub use mock::{MockRequest, MockResponse, OutboundOutcome, OutboundRecord};
pub use request_timing::RequestTiming;
pub use scaffold::new_app;
pub use serve_options::{KvLocation, ServeOptions};
pub use server::{component_for, runtime, serve, shutdown_signal};
pub use test_app::TestApp;
pub use test_app_builder::TestAppBuilder;
pub use test_kv::TestKv;
pub use test_request::TestRequest;
pub use test_response::TestResponse;

/// The `http` crate the harness speaks, for methods and status codes.
pub use http;

/// The error of every fallible harness call: it says what went wrong and,
/// where there is one, the fix.
pub type Error = anyhow::Error;

/// A `Result` with the harness [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
