//! [`Timeouts`]: how long an outgoing request may take, step by step.

use std::time::Duration;

/// Timeouts for one outgoing request; add them to the request's extensions.
///
/// ```
/// use std::time::Duration;
/// let mut req = edge::http::Request::get("https://example.com/").body(edge::Body::empty()).unwrap();
/// req.extensions_mut().insert(edge::fetch::Timeouts {
///     connect: Some(Duration::from_millis(200)),
///     first_byte: Some(Duration::from_secs(2)),
///     between_bytes: Some(Duration::from_secs(1)),
/// });
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Timeouts {
    /// Time to establish the connection.
    pub connect: Option<Duration>,
    /// Time from sending the request to the first byte of the response.
    pub first_byte: Option<Duration>,
    /// Longest pause between two chunks of the response body.
    pub between_bytes: Option<Duration>,
}
