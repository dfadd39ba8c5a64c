//! [`RouteBody`]: what the router needs of a body type, and how much of a
//! body is read whole by default.

use crate::BodyError;

/// How many bytes reading a body whole takes by default: 2 MiB, as axum's
/// default body limit.
///
/// One limit for every whole read: [`RequestExt::json`](crate::RequestExt::json)
/// and `edge::Body`'s `into_bytes`, `into_string` and `into_json`. A larger
/// body fails with [`BodyError::TooLarge`], which answers 413; choose another
/// limit with [`RequestExt::json_limited`](crate::RequestExt::json_limited) or
/// `Body::into_bytes_limited`, or read the body in pieces.
pub const DEFAULT_BODY_LIMIT: usize = 2 * 1024 * 1024;

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

    /// Reads the whole body; more than `limit` bytes fails with
    /// [`BodyError::TooLarge`].
    fn read_limited(self, limit: usize) -> Result<Vec<u8>, BodyError>;

    /// Reads the whole body, up to `limit` bytes, as JSON: the one JSON
    /// reader behind [`RequestExt::json`](crate::RequestExt::json) and
    /// `edge::Body::into_json`.
    ///
    /// ```
    /// use edge_router::{BodyError, RouteBody};
    ///
    /// let n: u32 = String::from("42").read_json(8)?;
    /// assert_eq!(n, 42);
    /// let err = String::from("{").read_json::<u32>(8).unwrap_err();
    /// assert!(matches!(err, BodyError::Json(_)));
    /// # Ok::<(), BodyError>(())
    /// ```
    #[cfg(feature = "json")]
    fn read_json<T: serde::de::DeserializeOwned>(self, limit: usize) -> Result<T, BodyError>
    where
        Self: Sized,
    {
        let bytes = self.read_limited(limit)?;
        serde_json::from_slice(&bytes).map_err(BodyError::Json)
    }

    /// The body's length when known before it is read.
    fn len_hint(&self) -> Option<u64>;
}

impl RouteBody for Vec<u8> {
    fn from_text(text: String) -> Self {
        text.into_bytes()
    }

    fn from_bytes(bytes: Vec<u8>) -> Self {
        bytes
    }

    fn read_limited(self, limit: usize) -> Result<Vec<u8>, BodyError> {
        if self.len() > limit {
            return Err(BodyError::TooLarge { limit });
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

    fn read_limited(self, limit: usize) -> Result<Vec<u8>, BodyError> {
        self.into_bytes().read_limited(limit)
    }

    fn len_hint(&self) -> Option<u64> {
        Some(self.len() as u64)
    }
}
