//! The wasmtime host: one shared engine, a component compiled once, and a
//! fresh instance per request held to its [`Limits`](crate::Limits).
//!
//! [`TestApp`](crate::TestApp) runs on it in-process; the `edge` command
//! (`edge serve`) puts it behind an HTTP server.

mod compile;
mod content_length;
mod deadline;
pub(crate) mod engine;
mod failure;
mod fields_budget;
mod host_services;
mod hosted_app;
mod log_capture;
mod log_text;
mod memory_budget;
mod request_body_limit;
mod request_state;
mod request_timing;

pub use compile::{compilations, compile};
pub use content_length::content_length;
pub(crate) use deadline::{HostCallDeadline, RequestDeadline};
pub use failure::Failure;
pub use host_services::HostServices;
pub use hosted_app::{Answer, HostedApp};
pub use log_capture::LogCapture;
pub use log_text::log_text;
pub use request_timing::{RequestTiming, TimingRecorder};
