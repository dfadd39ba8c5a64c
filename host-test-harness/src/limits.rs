//! [`Limits`]: what one request may use.

use std::time::Duration;

/// Per-request limits. Every request gets a fresh instance held to these.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Linear memory one instance may grow to, in bytes. Default 128 MiB.
    pub max_memory_bytes: usize,
    /// Wall-clock time a request may take to produce its response head,
    /// covering both guest CPU and time blocked in host calls. Default 1 s.
    pub timeout: Duration,
    /// Wall-clock time the whole response, body included, may take.
    /// Default 60 s.
    pub body_timeout: Duration,
    /// Bytes of stdout and of stderr kept per request. Default 1 MiB each.
    pub max_log_bytes: usize,
    /// Bytes of request body the guest may be sent. A larger declared
    /// `Content-Length` is answered 413 without calling the guest; a
    /// streamed body that grows past it fails the guest's read and is
    /// answered 413. Default 100 MiB.
    pub max_request_body_bytes: u64,
    /// Host resources (headers, streams, pollables, stores...) one instance
    /// may hold at once; one more traps it. Default 10,000.
    pub max_resources: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_memory_bytes: 128 << 20,
            timeout: Duration::from_secs(1),
            body_timeout: Duration::from_secs(60),
            max_log_bytes: 1 << 20,
            max_request_body_bytes: 100 << 20,
            max_resources: 10_000,
        }
    }
}
