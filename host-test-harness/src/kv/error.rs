//! [`KvError`]: why a key-value call failed.

use std::fmt;

use super::QuotaError;

/// Why a key-value call failed. Every variant but
/// [`Deadline`](Self::Deadline) is an error the guest sees, as the text
/// [`Display`](fmt::Display) gives; a deadline ends the request instead.
///
/// A failed write wrote nothing: batches are all or nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KvError {
    /// The call would take the store past one of its limits.
    Quota(QuotaError),
    /// `increment` found a value that is not a decimal number.
    NotACounter {
        /// The key holding the value.
        key: String,
    },
    /// `increment` would take the counter past `u64::MAX`.
    CounterOverflow {
        /// The counter's key.
        key: String,
    },
    /// The storage itself failed, in its own words (`SQLite: disk I/O
    /// error`).
    Storage(String),
    /// The request's deadline passed before the call was done.
    Deadline,
    /// A call of a [`KvStore`](super::KvStore) made
    /// [`at_once`](super::KvStore::at_once) that the storage could not
    /// start on the calling thread (its data is held by another call, or
    /// it waits on I/O): nothing was done; make the call again without it,
    /// on a blocking thread.
    NotAtOnce,
}

impl KvError {
    /// A failure of the storage itself, described by `message`.
    pub fn storage(message: impl fmt::Display) -> Self {
        Self::Storage(message.to_string())
    }
}

impl From<QuotaError> for KvError {
    fn from(quota: QuotaError) -> Self {
        Self::Quota(quota)
    }
}

impl fmt::Display for KvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Quota(quota) => quota.fmt(f),
            Self::NotACounter { key } => write!(
                f,
                "the value at `{key}` is not a decimal number, so it cannot be incremented"
            ),
            Self::CounterOverflow { key } => write!(f, "incrementing `{key}` would overflow a u64"),
            Self::Storage(message) => f.write_str(message),
            Self::Deadline => f.write_str("the request's deadline passed"),
            Self::NotAtOnce => f.write_str("the key-value storage cannot answer at once"),
        }
    }
}

impl std::error::Error for KvError {}
