//! [`hash`]: a small, dependency-free 128-bit hash for cache keys.
//!
//! Layer 1 (keys and encoding): imports nothing of the cache.

/// FNV-1a, 128-bit: the offset basis and prime from the FNV specification.
const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

/// The 128-bit FNV-1a hash of `data`, as 32 lowercase hex digits: a short,
/// stable name for a long key (a markdown source, a URL with its query).
///
/// It is fast and the same on every host and every build, but it is not
/// cryptographic: someone who controls the input can craft two inputs with
/// the same hash. Where such a collision would matter, keep the whole input
/// in the key (the [`simple`](crate::cache::simple) cache compares whole
/// keys) or hash with a cryptographic function.
///
/// ```
/// let key = edge::cache::hash(b"# Hello");
/// assert_eq!(key.len(), 32);
/// assert_eq!(key, edge::cache::hash(b"# Hello"));
/// assert_ne!(key, edge::cache::hash(b"# Hello!"));
/// ```
pub fn hash(data: &[u8]) -> String {
    to_hex(fnv1a(&[data]))
}

/// FNV-1a over the concatenation of `parts`, each followed by a 0xff
/// separator (a byte UTF-8 text never holds), so that `["ab", "c"]` and
/// `["a", "bc"]` differ.
pub(crate) fn fnv1a(parts: &[&[u8]]) -> u128 {
    let mut state = OFFSET;
    for part in parts {
        for &byte in part.iter().chain(&[0xff]) {
            state ^= u128::from(byte);
            state = state.wrapping_mul(PRIME);
        }
    }
    state
}

/// `value` as 32 lowercase hex digits.
pub(crate) fn to_hex(value: u128) -> String {
    format!("{value:032x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_kept_apart() {
        assert_ne!(fnv1a(&[b"ab", b"c"]), fnv1a(&[b"a", b"bc"]));
        assert_ne!(fnv1a(&[b"abc"]), fnv1a(&[b"ab", b"c"]));
    }

    #[test]
    fn the_hash_is_stable_across_builds() {
        // A cache written by one build is read by the next: the function
        // must never change.
        assert_eq!(hash(b""), "d228cb68f51a8caf78912b704e49f346");
        assert_eq!(hash(b"edge"), hash(b"edge"));
    }
}
