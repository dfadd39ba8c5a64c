//! [`Failure`]: why a guest produced no (complete) response.

use std::fmt;
use std::time::Duration;

use http::StatusCode;

use super::deadline::HostCallDeadline;
use super::log_text::log_text;

/// Why a request ended without a complete response from the guest.
#[derive(Debug)]
#[non_exhaustive]
pub enum Failure {
    /// The guest ran past its time limit.
    Timeout(Duration),
    /// The guest trapped: a panic, an out-of-bounds access, a memory limit.
    Trap(String),
    /// The guest returned without setting a response.
    NoResponse,
    /// The guest answered with a `wasi:http` error code instead of a response.
    GuestError(String),
    /// The guest's response body ended in a `wasi:http` error code, after
    /// its head was sent.
    BodyError(String),
    /// The guest answered with a status a host cannot send: 1xx (the
    /// host's own to send) or outside 100–599.
    BadStatus(u16),
    /// The request body was larger than the host accepts.
    RequestBodyTooLarge(u64),
    /// No instance slot was free.
    Overloaded(String),
    /// The host failed to set the request up.
    Host(anyhow::Error),
}

impl Failure {
    /// A failed guest call: past its deadline (the epoch interrupt) is a
    /// timeout of `limit`; anything else a trap.
    pub(crate) fn from_trap(error: wasmtime::Error, limit: Duration) -> Self {
        if error.downcast_ref::<wasmtime::Trap>() == Some(&wasmtime::Trap::Interrupt)
            || error.downcast_ref::<HostCallDeadline>().is_some()
        {
            return Self::Timeout(limit);
        }
        Self::Trap(trap_summary(&error))
    }

    pub(crate) fn from_instantiate(error: wasmtime::Error) -> Self {
        let text = trap_summary(&error);
        if text.contains("maximum concurrent") {
            Self::Overloaded(text)
        } else {
            Self::Trap(text)
        }
    }

    /// The status the client gets.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Timeout(_) => StatusCode::GATEWAY_TIMEOUT,
            Self::Overloaded(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::RequestBodyTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Trap(_)
            | Self::NoResponse
            | Self::GuestError(_)
            | Self::BodyError(_)
            | Self::BadStatus(_)
            | Self::Host(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// One line for a log: what trapped (the root cause, without the wasm
/// backtrace that wraps it) and, when the module kept its names, where.
fn trap_summary(error: &wasmtime::Error) -> String {
    let cause = error.root_cause().to_string();
    let place = error
        .downcast_ref::<wasmtime::WasmBacktrace>()
        .and_then(|trace| trace.frames().first()?.func_name().map(str::to_owned));
    // The function's name comes from the guest's name section: the guest
    // chose it, so it is escaped like anything else the guest writes.
    match place {
        Some(function) => format!("{} (in {})", log_text(&cause), log_text(&function)),
        None => log_text(&cause).into_owned(),
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Timeout(limit) => write!(
                f,
                "the guest exceeded its time limit of {} ms",
                limit.as_millis()
            ),
            Self::Trap(trap) => write!(f, "the guest trapped: {trap}"),
            Self::NoResponse => f.write_str("the guest returned without sending a response"),
            Self::GuestError(code) => write!(
                f,
                "the guest answered with an error instead of a response: {}",
                log_text(code)
            ),
            Self::BodyError(code) => {
                write!(f, "the response body was cut short: {}", log_text(code))
            }
            Self::RequestBodyTooLarge(limit) => write!(
                f,
                "the request body exceeds the host's limit of {limit} bytes \
                 (raise it with edge serve --max-request-body-mib, `max-request-body-mib` in edge.toml's [limits], or LimitSettings::max_request_body_mib)"
            ),
            Self::BadStatus(code) => write!(
                f,
                "the guest answered with status {code}, which the host does not send: answer \
                 with 200-599 (informational 1xx responses are the host's own)"
            ),
            Self::Overloaded(why) => write!(f, "no instance slot is free: {why}"),
            Self::Host(e) => write!(f, "the host failed: {e:#}"),
        }
    }
}
