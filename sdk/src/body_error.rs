//! [`BodyError`]: why a body could not be read.

use std::fmt;
use std::io;

/// Why reading a [`Body`](crate::Body) whole failed.
///
/// Each message names the problem and the way out. Converted into an
/// [`edge::Error`](crate::Error) with `?`, it answers 500; see
/// [`BodyError::status`] for the status that suits a *request* body.
#[derive(Debug)]
#[non_exhaustive]
pub enum BodyError {
    /// The body is longer than the limit it was read with.
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The host or the body's source failed while it was read.
    Read(io::Error),
    /// The body is not UTF-8 text.
    NotUtf8,
    /// The body is not JSON of the expected shape, or a value could not be
    /// serialized as JSON.
    #[cfg(feature = "json")]
    Json(serde_json::Error),
}

impl BodyError {
    /// The status that answers a client whose *request* body failed this way:
    /// 413 when too large, 400 when not text or not the expected JSON, and
    /// 500 when the body could not be read.
    ///
    /// ```
    /// let err = edge::Body::from("{").into_json::<u32>().unwrap_err();
    /// assert_eq!(err.status(), 400);
    /// ```
    pub fn status(&self) -> http::StatusCode {
        match self {
            Self::TooLarge { .. } => http::StatusCode::PAYLOAD_TOO_LARGE,
            Self::Read(_) => http::StatusCode::INTERNAL_SERVER_ERROR,
            Self::NotUtf8 => http::StatusCode::BAD_REQUEST,
            #[cfg(feature = "json")]
            Self::Json(_) => http::StatusCode::BAD_REQUEST,
        }
    }
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { limit } => write!(
                f,
                "body is larger than the limit of {limit} bytes: read it in pieces \
                 with std::io::Read, or raise the limit with Body::into_bytes_limited"
            ),
            Self::Read(e) => write!(f, "could not read the body: {e}"),
            Self::NotUtf8 => f.write_str("body is not valid UTF-8 text"),
            #[cfg(feature = "json")]
            Self::Json(e) => write!(f, "body is not the expected JSON: {e}"),
        }
    }
}

/// The inner error is part of the message, so `source` is left empty: a
/// chain printer shows it once.
impl std::error::Error for BodyError {}
