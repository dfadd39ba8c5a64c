//! [`QuotaError`]: which limit a key-value call would break, by how much,
//! and how to raise it.

use std::fmt;

/// A limit a key-value call would break. Nothing was written (or
/// returned): the call was refused whole.
///
/// Tests compare the value; the guest reads [`Display`](fmt::Display)'s
/// text, which names the limit's setting ([`limit`](Self::limit)) and where
/// to raise it.
///
/// ```
/// use edge_harness::kv::QuotaError;
///
/// let err = QuotaError::TooManyKeys { store: "default".into(), keys: 3, max: 2 };
/// assert_eq!(err.limit(), "kv-max-keys");
/// assert!(err.to_string().starts_with("store `default` would hold 3 keys"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum QuotaError {
    /// A value larger than one value may be.
    ValueTooLarge {
        /// The value's key.
        key: String,
        /// Its size.
        bytes: u64,
        /// The largest value allowed.
        max: u64,
    },
    /// A store that would hold more keys than it may.
    TooManyKeys {
        /// The store.
        store: String,
        /// The keys it would hold after the write.
        keys: u64,
        /// The most it may hold.
        max: u64,
    },
    /// A store that would hold more bytes (keys and values) than it may.
    StoreTooLarge {
        /// The store.
        store: String,
        /// The bytes it would hold after the write.
        bytes: u64,
        /// The most it may hold.
        max: u64,
    },
    /// A read whose values add up to more than one host call may return.
    ReadTooLarge {
        /// The most one call may return, in bytes.
        max: u64,
    },
}

impl QuotaError {
    /// The setting that raises the limit: an `edge serve` flag and an
    /// `edge.toml` `[limits]` key of that name.
    pub fn limit(&self) -> &'static str {
        match self {
            Self::ValueTooLarge { .. } => "kv-max-value-kib",
            Self::TooManyKeys { .. } => "kv-max-keys",
            Self::StoreTooLarge { .. } => "kv-max-store-mib",
            Self::ReadTooLarge { .. } => "max-host-call-mib",
        }
    }
}

impl fmt::Display for QuotaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let limit = self.limit();
        let raise = format!("raise `{limit}`: an edge serve flag or an edge.toml [limits] key");
        match self {
            Self::ValueTooLarge { key, bytes, max } => write!(
                f,
                "the value for `{key}` is {bytes} bytes, over the key-value limit of {max} bytes \
                 per value ({raise})"
            ),
            Self::TooManyKeys { store, keys, max } => write!(
                f,
                "store `{store}` would hold {keys} keys, over its limit of {max} ({raise})"
            ),
            Self::StoreTooLarge { store, bytes, max } => write!(
                f,
                "store `{store}` would hold {bytes} bytes, over its limit of {max} ({raise})"
            ),
            Self::ReadTooLarge { max } => write!(
                f,
                "the values asked for add up to more than the {max} bytes one host call may \
                 return (read fewer keys at once, or {raise})"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RAISE: &str = "an edge serve flag or an edge.toml [limits] key)";

    #[test]
    fn each_refusal_names_its_limit_the_numbers_and_the_fix() {
        let cases = [
            (
                QuotaError::ValueTooLarge {
                    key: "k".into(),
                    bytes: 5,
                    max: 4,
                },
                "the value for `k` is 5 bytes, over the key-value limit of 4 bytes per value \
                 (raise `kv-max-value-kib`: ",
            ),
            (
                QuotaError::TooManyKeys {
                    store: "s".into(),
                    keys: 3,
                    max: 2,
                },
                "store `s` would hold 3 keys, over its limit of 2 (raise `kv-max-keys`: ",
            ),
            (
                QuotaError::StoreTooLarge {
                    store: "s".into(),
                    bytes: 21,
                    max: 20,
                },
                "store `s` would hold 21 bytes, over its limit of 20 (raise `kv-max-store-mib`: ",
            ),
            (
                QuotaError::ReadTooLarge { max: 1000 },
                "the values asked for add up to more than the 1000 bytes one host call may \
                 return (read fewer keys at once, or raise `max-host-call-mib`: ",
            ),
        ];
        for (err, start) in cases {
            assert_eq!(err.to_string(), format!("{start}{RAISE}"));
        }
    }
}
