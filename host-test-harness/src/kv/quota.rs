//! [`KvQuota`]: how much one store may hold, and the refusals that name
//! the limit and how to raise it.

use super::KvError;
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

/// What a store holds: its keys and their bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KvUsage {
    /// Keys stored.
    pub keys: u64,
    /// Bytes of keys and values stored.
    pub bytes: u64,
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

    /// Refuses a value over the size limit, naming the key.
    ///
    /// # Errors
    ///
    /// When `value` is larger than [`max_value_bytes`](Self::max_value_bytes).
    pub fn check_value(&self, key: &str, value: &[u8]) -> Result<(), KvError> {
        if value.len() as u64 > self.max_value_bytes {
            return Err(KvError::refused(format!(
                "the value for `{key}` is {} bytes, over the key-value limit of {} bytes per \
                 value (raise `kv-max-value-kib`: an edge serve flag or an edge.toml [limits] key)",
                value.len(),
                self.max_value_bytes
            )));
        }
        Ok(())
    }

    /// Refuses the first value of `pairs` over the size limit.
    ///
    /// # Errors
    ///
    /// As [`check_value`](Self::check_value).
    pub fn check_values(&self, pairs: &[(String, Vec<u8>)]) -> Result<(), KvError> {
        pairs
            .iter()
            .try_for_each(|(key, value)| self.check_value(key, value))
    }

    /// Refuses a store that would hold more than the quota after a write.
    ///
    /// # Errors
    ///
    /// When `after` has more keys or bytes than the quota allows.
    pub fn check_usage(&self, store: &str, after: KvUsage) -> Result<(), KvError> {
        if after.keys > self.max_keys {
            return Err(KvError::refused(format!(
                "store `{store}` would hold {} keys, over its limit of {} (raise `kv-max-keys`: \
                 an edge serve flag or an edge.toml [limits] key)",
                after.keys, self.max_keys
            )));
        }
        if after.bytes > self.max_store_bytes {
            return Err(KvError::refused(format!(
                "store `{store}` would hold {} bytes, over its limit of {} (raise \
                 `kv-max-store-mib`: an edge serve flag or an edge.toml [limits] key)",
                after.bytes, self.max_store_bytes
            )));
        }
        Ok(())
    }
}

impl KvUsage {
    /// The usage after replacing an entry of `old` value bytes (`None`: no
    /// entry) at `key` with one of `new` bytes (`None`: deleted).
    #[must_use]
    pub fn replacing(self, key: &str, old: Option<u64>, new: Option<u64>) -> Self {
        let entry = |len: Option<u64>| len.map_or(0, |l| l + key.len() as u64);
        Self {
            keys: (self.keys + u64::from(new.is_some())).saturating_sub(u64::from(old.is_some())),
            bytes: (self.bytes + entry(new)).saturating_sub(entry(old)),
        }
    }
}

/// What one read may still return: each storage's `get_many` takes every
/// value from it as it reads, and stops at the first that does not fit.
#[derive(Debug)]
pub struct ReadBudget {
    left: usize,
    max: usize,
}

impl ReadBudget {
    /// A budget of `max_bytes`.
    pub fn new(max_bytes: usize) -> Self {
        Self {
            left: max_bytes,
            max: max_bytes,
        }
    }

    /// Takes `value`'s bytes, or refuses the read naming the limit.
    ///
    /// # Errors
    ///
    /// When the values read so far add up to more than the budget.
    pub fn take(&mut self, value: Option<&[u8]>) -> Result<(), KvError> {
        let len = value.map_or(0, <[u8]>::len);
        match self.left.checked_sub(len) {
            Some(left) => {
                self.left = left;
                Ok(())
            }
            None => Err(read_too_large(self.max)),
        }
    }
}

/// The refusal of a read that would return more than `max_bytes`.
fn read_too_large(max_bytes: usize) -> KvError {
    KvError::refused(format!(
        "the values asked for add up to more than the {max_bytes} bytes one host call may \
         return (read fewer keys at once, or raise `max-host-call-mib`: an edge serve flag or \
         an edge.toml [limits] key)"
    ))
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
    fn usage_follows_replacements() {
        let usage = KvUsage::default().replacing("ab", None, Some(3));
        assert_eq!(usage, KvUsage { keys: 1, bytes: 5 });
        let usage = usage.replacing("ab", Some(3), Some(1));
        assert_eq!(usage, KvUsage { keys: 1, bytes: 3 });
        assert_eq!(usage.replacing("ab", Some(1), None), KvUsage::default());
    }

    #[test]
    fn refusals_name_the_limit_and_the_key_to_raise_it() {
        let err = quota().check_value("k", b"12345").expect_err("too big");
        assert_eq!(
            err,
            KvError::refused(
                "the value for `k` is 5 bytes, over the key-value limit of 4 bytes per value \
                 (raise `kv-max-value-kib`: an edge serve flag or an edge.toml [limits] key)"
            )
        );
        let err = quota()
            .check_usage("s", KvUsage { keys: 3, bytes: 3 })
            .expect_err("too many keys");
        assert!(format!("{err:?}").contains("`kv-max-keys`"), "{err:?}");
        let err = quota()
            .check_usage("s", KvUsage { keys: 1, bytes: 21 })
            .expect_err("too many bytes");
        assert!(format!("{err:?}").contains("`kv-max-store-mib`"), "{err:?}");
        assert_eq!(
            quota().check_usage("s", KvUsage { keys: 2, bytes: 20 }),
            Ok(())
        );
    }
}
