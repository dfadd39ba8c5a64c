//! [`CacheError`]: why a cache operation failed.
//!
//! Layer 5 (the caches' public API): imports nothing of the cache.

use std::fmt;

use crate::kv::KvError;

/// Why purging or writing to a cache failed. (Reads never fail: a cache
/// that cannot read its store answers as if it were empty, and says so
/// on stderr.)
///
/// ```
/// use edge::cache::CacheError;
///
/// let err = CacheError::InvalidUrl("not a url".into());
/// assert_eq!(err.to_string(), "cannot purge `not a url`: not a URL");
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum CacheError {
    /// The key-value store under the cache failed.
    Store(KvError),
    /// A URL to purge is not a URL.
    InvalidUrl(String),
}

impl fmt::Display for CacheError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Store(e) => write!(f, "the cache's store failed: {e}"),
            Self::InvalidUrl(url) => write!(f, "cannot purge `{url}`: not a URL"),
        }
    }
}

impl std::error::Error for CacheError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Store(e) => Some(e),
            Self::InvalidUrl(_) => None,
        }
    }
}

impl From<KvError> for CacheError {
    fn from(e: KvError) -> Self {
        Self::Store(e)
    }
}
