//! [`RouteBody`]: what the router needs of a body type.

use http::StatusCode;

use crate::Error;

/// A body the router can build replies from and read requests into.
///
/// `edge::Body` implements it; so do `String` and `Vec<u8>`, which suit
/// native unit tests of routing logic. The router is generic over it so that
/// it does not depend on the SDK (which re-exports the router).
pub trait RouteBody: Default + 'static {
    /// A body holding `text`.
    fn from_text(text: String) -> Self;

    /// A body holding `bytes`.
    fn from_bytes(bytes: Vec<u8>) -> Self;

    /// Reads the whole body. More than `limit` bytes fails with a 413 error.
    fn read_limited(self, limit: usize) -> Result<Vec<u8>, Error>;

    /// The body's length when known before it is read.
    fn len_hint(&self) -> Option<u64>;
}

/// The error for a request body over its limit.
pub fn too_large(limit: usize) -> Error {
    Error::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("request body is larger than the limit of {limit} bytes"),
    )
}

impl RouteBody for Vec<u8> {
    fn from_text(text: String) -> Self {
        text.into_bytes()
    }

    fn from_bytes(bytes: Vec<u8>) -> Self {
        bytes
    }

    fn read_limited(self, limit: usize) -> Result<Vec<u8>, Error> {
        if self.len() > limit {
            return Err(too_large(limit));
        }
        Ok(self)
    }

    fn len_hint(&self) -> Option<u64> {
        Some(self.len() as u64)
    }
}

impl RouteBody for String {
    fn from_text(text: String) -> Self {
        text
    }

    fn from_bytes(bytes: Vec<u8>) -> Self {
        String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    fn read_limited(self, limit: usize) -> Result<Vec<u8>, Error> {
        self.into_bytes().read_limited(limit)
    }

    fn len_hint(&self) -> Option<u64> {
        Some(self.len() as u64)
    }
}
