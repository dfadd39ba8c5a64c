//! The bucket a client is counted in: a fixed hash of its id modulo the
//! number of buckets, so that the plugin never holds more keys than
//! `rate-limit.buckets`, however many clients come.

/// FNV-1a, 64 bits: <http://www.isthe.com/chongo/tech/comp/fnv/>.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// The 64-bit FNV-1a hash of `bytes`. Fixed (no per-instance seed, unlike
/// std's `HashMap` hasher, whose seed differs per wasm instance), so
/// every instance counts a client in the same bucket; not cryptographic.
pub(crate) fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(FNV_OFFSET, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME)
    })
}

/// The key of the bucket `client` is counted in, of `buckets`:
/// `rate-limit:<n>` with `n` below `buckets`.
pub(crate) fn key(client: &[u8], buckets: u64) -> String {
    format!("rate-limit:{}", hash(client) % buckets.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_fnv_1a() {
        // The reference vectors of the FNV page.
        assert_eq!(hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn keys_are_bounded_by_the_bucket_count() {
        let mut keys: Vec<String> = (0..1000)
            .map(|n| key(format!("198.51.100.{n}").as_bytes(), 8))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 8);
        assert!(
            keys.iter().all(|k| k.starts_with("rate-limit:")),
            "{keys:?}"
        );
        assert_eq!(key(b"203.0.113.7", 1), "rate-limit:0");
        assert_eq!(key(b"a", 65_536), format!("rate-limit:{}", 0xec8c));
    }
}
