//! The edge host on wasmtime, as a library, and [`TestApp`] for `cargo
//! test`.
//!
//! [`TestApp`] runs an edge app in-process: it builds the app's package for
//! `wasm32-wasip2`, compiles the component once, and gives every request a
//! fresh instance, as production does.
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
//!
//! The host speaks standard WASI only: the WASI CLI interfaces and
//! `wasi:http` 0.2, the same set `wasmtime serve -S cli` gives a guest, plus
//! `wasi:keyvalue` and `wasi:config` for apps that use them.
//!
//! The crate is every app's dev-dependency, so it holds no HTTP server, no
//! SQLite and no command-line parser: those live in the `edge` command
//! (crate `edge-cli`), which builds `edge serve` on [`runtime`], [`kv`] and
//! [`settings`].
//!
//! | module | what it is |
//! |---|---|
//! | [`settings`] | limits and grants from flags, `edge.toml` or a builder, merged by one rule |
//! | [`runtime`] | the engine, a compiled app, one fresh instance per request, failures, logs |
//! | [`kv`] | key-value storage and the `wasi:keyvalue` host |
//! | [`outbound`] | the outbound policy: allowed hosts, mocks, the record |
//! | [`build`] | building a package into a component, reading a component |
//! | [`compose`] | plugin components composed in front of an app |
//! | [`preinit`] | build-time pre-initialization (Wizer): state built once, snapshotted |
//! | [`testing`] | [`TestApp`] and its requests, responses and stores |

pub mod build;
pub mod compose;
pub mod kv;
pub mod outbound;
pub mod preinit;
pub mod runtime;
pub mod settings;
pub mod testing;
mod wasi_versions;

pub use build::{ComponentInfo, Progress, WASM_TARGET, build_package};
pub use kv::DEFAULT_STORE;
pub use outbound::{MockRequest, MockResponse, OutboundOutcome, OutboundRecord};
pub use runtime::RequestTiming;
pub use settings::{AppSettings, LimitSettings, Limits, MANIFEST_FILE, Manifest};
pub use testing::{TestApp, TestAppBuilder, TestClock, TestKv, TestRequest, TestResponse};

/// The `http` crate the harness speaks, for methods and status codes.
pub use http;

/// The error of every fallible harness call: it says what went wrong and,
/// where there is one, the fix.
pub type Error = anyhow::Error;

/// A `Result` with the harness [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
