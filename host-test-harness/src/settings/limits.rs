//! [`Limits`]: what one request may use, resolved from [`LimitSettings`].

use std::time::Duration;

#[cfg(doc)]
use super::LimitSettings;

/// The limits a host holds every request to, in the host's units. Made by
/// [`LimitSettings::resolve`]; each field's meaning and default is there.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Linear memory one instance may grow to, in bytes.
    pub max_memory_bytes: usize,
    /// Wall-clock time a request may take to produce its response head,
    /// covering both guest CPU and time blocked in host calls.
    pub timeout: Duration,
    /// Wall-clock time the whole response, body included, may take.
    pub body_timeout: Duration,
    /// Bytes of request body the guest may be sent. A larger declared
    /// `Content-Length` is answered 413 without calling the guest; a
    /// streamed body that grows past it fails the guest's read and is
    /// answered 413.
    pub max_request_body_bytes: u64,
    /// Bytes of stdout and of stderr kept per request.
    pub max_log_bytes: usize,
    /// Host resources (headers, streams, pollables, stores...) one instance
    /// may hold at once; one more traps it.
    pub max_resources: usize,
    /// How long a client may take to send a request's head (edge serve).
    pub header_timeout: Duration,
    /// How long a response may wait on a client that accepts no bytes
    /// (edge serve); the clock restarts whenever the client takes a byte.
    pub write_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        super::LimitSettings::default().resolve()
    }
}
