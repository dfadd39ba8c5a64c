//! [`KvQuota`]: how much one store may hold, checked by the contract
//! ([`KvStore`](super::KvStore)) before a write commits.

use super::{KvUsage, QuotaError};
use crate::Limits;

/// How much one store may hold: each value, its keys, its bytes (keys and
/// values together). From [`Limits`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KvQuota {
    /// The largest value, in bytes.
    pub max_value_bytes: u64,
    /// The most keys one store may hold.
    pub max_keys: u64,
    /// The most bytes (keys and values) one store may hold.
    pub max_store_bytes: u64,
}

impl KvQuota {
    /// The quota `limits` set.
    pub fn from_limits(limits: &Limits) -> Self {
        Self {
            max_value_bytes: limits.kv_max_value_bytes,
            max_keys: limits.kv_max_keys,
            max_store_bytes: limits.kv_max_store_bytes,
        }
    }

    /// No limit at all, for storage used outside a request (tests seeding
    /// a store).
    pub fn unlimited() -> Self {
        Self {
            max_value_bytes: u64::MAX,
            max_keys: u64::MAX,
            max_store_bytes: u64::MAX,
        }
    }

    /// Refuses the first value of `pairs` over the size limit, naming its
    /// key.
    pub(crate) fn check_values(&self, pairs: &[(String, Vec<u8>)]) -> Result<(), QuotaError> {
        match pairs
            .iter()
            .find(|(_, value)| value.len() as u64 > self.max_value_bytes)
        {
            Some((key, value)) => Err(QuotaError::ValueTooLarge {
                key: key.clone(),
                bytes: value.len() as u64,
                max: self.max_value_bytes,
            }),
            None => Ok(()),
        }
    }

    /// Refuses a store that would hold more than the quota after a write.
    pub(crate) fn check_usage(&self, store: &str, after: KvUsage) -> Result<(), QuotaError> {
        if after.keys > self.max_keys {
            return Err(QuotaError::TooManyKeys {
                store: store.to_owned(),
                keys: after.keys,
                max: self.max_keys,
            });
        }
        if after.bytes > self.max_store_bytes {
            return Err(QuotaError::StoreTooLarge {
                store: store.to_owned(),
                bytes: after.bytes,
                max: self.max_store_bytes,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quota() -> KvQuota {
        KvQuota {
            max_value_bytes: 4,
            max_keys: 2,
            max_store_bytes: 20,
        }
    }

    #[test]
    fn the_first_value_over_the_limit_is_refused_by_key() {
        let pairs = [
            ("a".to_owned(), b"1234".to_vec()),
            ("b".to_owned(), b"12345".to_vec()),
            ("c".to_owned(), b"123456".to_vec()),
        ];
        assert_eq!(
            quota().check_values(&pairs),
            Err(QuotaError::ValueTooLarge {
                key: "b".into(),
                bytes: 5,
                max: 4
            })
        );
        assert_eq!(quota().check_values(&pairs[..1]), Ok(()));
    }

    #[test]
    fn a_store_is_held_to_its_keys_then_its_bytes() {
        let check = |keys, bytes| quota().check_usage("s", KvUsage { keys, bytes });
        assert_eq!(
            check(3, 3),
            Err(QuotaError::TooManyKeys {
                store: "s".into(),
                keys: 3,
                max: 2
            })
        );
        assert_eq!(
            check(1, 21),
            Err(QuotaError::StoreTooLarge {
                store: "s".into(),
                bytes: 21,
                max: 20
            })
        );
        assert_eq!(check(2, 20), Ok(()));
    }
}
