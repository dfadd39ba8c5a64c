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
    /// Bytes of header names and values a guest may put into `wasi:http`
    /// fields over one request; past it the guest traps.
    pub max_fields_bytes: usize,
    /// Bytes one host call may return or hold: a key-value read that would
    /// return more fails with an error the guest sees.
    pub max_host_call_bytes: usize,
    /// The largest key-value value, in bytes.
    pub kv_max_value_bytes: u64,
    /// The most keys one key-value store may hold.
    pub kv_max_keys: u64,
    /// The most bytes (keys and values) one key-value store may hold.
    pub kv_max_store_bytes: u64,
    /// Guest memory all requests together may commit: the pool has
    /// [`instance_slots`](Self::instance_slots) instances.
    pub max_total_memory_bytes: u64,
    /// Requests one client (an IPv4 address or an IPv6 /64) may have in flight (edge serve).
    pub max_requests_per_client: usize,
    /// Connections one client (an IPv4 address or an IPv6 /64) may hold open (edge serve).
    pub max_connections_per_client: usize,
    /// How long a client may take to send a request's head (edge serve).
    pub header_timeout: Duration,
    /// How long a response may wait on a client that accepts no bytes
    /// (edge serve); the clock restarts whenever the client takes a byte.
    pub write_timeout: Duration,
    /// Requests one WASI 0.3 instance serves before it is dropped: 1 (the
    /// default) is a fresh instance per request. More lets requests see
    /// what earlier ones left in the instance, share its memory budget and
    /// its deadline, and fail together if one of them traps.
    pub instance_reuse: u32,
    /// Requests one reused WASI 0.3 instance serves at once.
    pub instance_concurrency: u32,
}

impl Limits {
    /// How many instances may run at once: the total memory over the
    /// memory of one, at least 1 and at most 1,000.
    pub fn instance_slots(&self) -> u32 {
        let one = (self.max_memory_bytes as u64).max(1);
        let slots = (self.max_total_memory_bytes / one).clamp(1, 1000);
        u32::try_from(slots).unwrap_or(1000)
    }
}

impl Default for Limits {
    fn default() -> Self {
        super::LimitSettings::default().resolve()
    }
}
