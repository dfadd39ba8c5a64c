//! Where a store's data lives in Redis: keys under a prefix of the
//! store's own, hex-encoded, so that no store name a guest chooses can
//! reach another store's keys.

/// The Redis keys of one store.
pub(super) struct StoreKeys {
    /// A hash: key → value.
    pub(super) data: String,
    /// A sorted set of the keys (all of score 0: in byte order), for
    /// listings.
    pub(super) index: String,
    /// A hash with the fields `keys` and `bytes`: what the store holds.
    pub(super) usage: String,
    /// Held by the write in progress (see `super::lock`).
    pub(super) lock: String,
}

impl StoreKeys {
    /// The keys of `store`.
    pub(super) fn of(store: &str) -> Self {
        let hex: String = store.bytes().map(|b| format!("{b:02x}")).collect();
        // `s` marks a store; the hex ends where the part name starts.
        let prefix = format!("edge:kv:s{hex}:");
        Self {
            data: format!("{prefix}data"),
            index: format!("{prefix}index"),
            usage: format!("{prefix}usage"),
            lock: format!("{prefix}lock"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_store_name_reaches_another_stores_keys() {
        let plain = StoreKeys::of("a");
        let tricky = StoreKeys::of("a:data");
        assert_eq!(plain.data, "edge:kv:s61:data");
        assert_ne!(tricky.data, plain.data);
        assert!(!tricky.data.starts_with("edge:kv:s61:"));
        assert_eq!(StoreKeys::of("").data, "edge:kv:s:data");
    }
}
