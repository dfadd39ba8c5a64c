//! The wasmtime host: one shared engine, a component compiled once, and a
//! fresh instance per request held to its [`Limits`](crate::Limits).
//!
//! [`TestApp`](crate::TestApp) runs on it in-process; the `edge` command
//! (`edge serve`) puts it behind an HTTP server.

mod answer;
mod compile;
mod compiled_cache;
pub(crate) mod connection_fields;
mod content_length;
mod deadline;
pub(crate) mod engine;
mod failure;
mod failure_response;
mod fields_budget;
mod fields_link;
mod fields_link_p3;
mod guest_body;
mod guest_end;
mod guest_head;
mod host_services;
mod hosted_app;
mod http_exports;
mod log_capture;
mod log_text;
mod memory_budget;
mod p2_request;
mod p3_request;
mod request_body_limit;
mod request_state;
mod request_store;
mod request_timing;
mod reuse;

pub use answer::Answer;
pub(crate) use compile::compile;
pub use compile::{compilations, disk_loads};
pub(crate) use deadline::{HostCallDeadline, RequestDeadline};
pub use engine::PoolShape;
pub use failure::Failure;
pub use failure_response::failure_response;
pub use guest_body::{BodyFailure, GuestBody};
pub use guest_end::{Ending, GuestEnd};
pub use host_services::HostServices;
pub use hosted_app::HostedApp;
pub use http_exports::WasiHttpVersion;
pub use log_capture::LogCapture;
pub use log_text::log_text;
pub use request_timing::{RequestTiming, TimingRecorder};
