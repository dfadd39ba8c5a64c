//! [`FetchError`]: why an outgoing request failed, as a kind to match on.

use std::fmt;

use http::StatusCode;

/// The kind of failure of an outgoing request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FetchErrorKind {
    /// The host name could not be resolved.
    Dns,
    /// The destination refused the connection or could not be reached.
    ConnectionRefused,
    /// Connecting, the first byte or the next bytes took too long.
    Timeout,
    /// The host does not allow this app to reach this destination.
    Denied,
    /// The request itself is malformed (a relative URL, a header the host
    /// sets itself, ...).
    InvalidRequest,
    /// The TLS handshake or certificate failed.
    Tls,
    /// The destination broke the HTTP protocol, or the connection was cut.
    Protocol,
    /// The code runs outside a WebAssembly host (a native unit test, say).
    NoHost,
}

/// Why an outgoing request failed: a [`FetchErrorKind`] to match on, the URL,
/// and what the host said.
///
/// With `?` it becomes an [`edge::Error`](crate::Error) answering 500; a
/// proxy may prefer [`FetchError::status`] (502, or 504 on a timeout).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchError {
    kind: FetchErrorKind,
    url: String,
    detail: String,
}

impl FetchError {
    pub(crate) fn new(
        kind: FetchErrorKind,
        url: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            kind,
            url: url.into(),
            detail: detail.into(),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> FetchErrorKind {
        self.kind
    }

    /// The URL that was requested.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The status a proxy answers its client with: 504 for a timeout, 502
    /// otherwise.
    pub fn status(&self) -> StatusCode {
        match self.kind {
            FetchErrorKind::Timeout => StatusCode::GATEWAY_TIMEOUT,
            _ => StatusCode::BAD_GATEWAY,
        }
    }
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "fetch {}: {}", self.url, self.detail)
    }
}

impl std::error::Error for FetchError {}
