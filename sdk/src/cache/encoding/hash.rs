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
            state = times_prime(state ^ u128::from(byte));
        }
    }
    state
}

/// `x * PRIME` modulo 2^128 in 64-bit halves. `PRIME` is 2^88 + 0x13b, so
/// the product is `x << 88` plus `x * 0x13b`, and the latter needs only
/// products of 32-bit halves by 0x13b, which fit in 64 bits. (A plain
/// `u128` multiplication is a library call per byte in WebAssembly.)
fn times_prime(x: u128) -> u128 {
    // PRIME's low half; its high half is the single bit 2^88.
    const SMALL: u64 = PRIME as u64;
    const _: () = assert!(PRIME == (1 << 88) | SMALL as u128);
    let (low, high) = (x as u64, (x >> 64) as u64);
    let below = (low & 0xffff_ffff) * SMALL;
    let above = (low >> 32) * SMALL;
    let (new_low, carry) = below.overflowing_add(above << 32);
    let new_high = high
        .wrapping_mul(SMALL)
        .wrapping_add(above >> 32)
        .wrapping_add(u64::from(carry))
        .wrapping_add(low << 24);
    (u128::from(new_high) << 64) | u128::from(new_low)
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
    fn the_multiplication_in_halves_is_the_multiplication() {
        let mut x: u128 = 0x0123_4567_89ab_cdef_fedc_ba98_7654_3210;
        for _ in 0..10_000 {
            assert_eq!(times_prime(x), x.wrapping_mul(PRIME), "{x:#x}");
            x = x.wrapping_mul(PRIME).rotate_left(17) ^ 0x9e37_79b9;
        }
        for x in [0, 1, u128::MAX, u128::from(u64::MAX), u128::MAX << 64] {
            assert_eq!(times_prime(x), x.wrapping_mul(PRIME), "{x:#x}");
        }
    }

    #[test]
    fn the_hash_is_stable_across_builds() {
        // A cache written by one build is read by the next: the function
        // must never change.
        assert_eq!(hash(b""), "d228cb68f51a8caf78912b704e49f346");
        assert_eq!(hash(b"edge"), hash(b"edge"));
    }
}
