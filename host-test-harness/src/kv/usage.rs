//! [`KvUsage`]: what a store holds, as its quota counts it.

/// What a store holds: its keys and their bytes. The contract
/// ([`KvStore`](super::KvStore)) works it out for every write and has the
/// storage record it in the write's transaction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KvUsage {
    /// Keys stored.
    pub keys: u64,
    /// Bytes of keys and values stored.
    pub bytes: u64,
}

impl KvUsage {
    /// The usage after replacing an entry of `old` value bytes (`None`: no
    /// entry) at `key` with one of `new` bytes (`None`: deleted).
    #[must_use]
    pub(crate) fn replacing(self, key: &str, old: Option<u64>, new: Option<u64>) -> Self {
        let entry = |len: Option<u64>| len.map_or(0, |l| l + key.len() as u64);
        Self {
            keys: (self.keys + u64::from(new.is_some())).saturating_sub(u64::from(old.is_some())),
            bytes: (self.bytes + entry(new)).saturating_sub(entry(old)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_follows_replacements() {
        let usage = KvUsage::default().replacing("ab", None, Some(3));
        assert_eq!(usage, KvUsage { keys: 1, bytes: 5 });
        let usage = usage.replacing("ab", Some(3), Some(1));
        assert_eq!(usage, KvUsage { keys: 1, bytes: 3 });
        assert_eq!(usage.replacing("ab", Some(1), None), KvUsage::default());
    }
}
