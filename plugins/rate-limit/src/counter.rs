//! A bucket's count: one key per bucket whose value, a number the store's
//! atomic `increment` can add to, holds the window and the count in it.

use edge::kv::{KvError, Store};

/// The low bits of a bucket's value hold the count; the bits above them,
/// the window (its index modulo 2³²).
const COUNT_BITS: u32 = 32;
const COUNT_MASK: u64 = (1 << COUNT_BITS) - 1;

/// The value of a bucket that counted `count` requests in `window`.
pub(crate) fn value(window: u64, count: u64) -> u64 {
    (window & COUNT_MASK) << COUNT_BITS | (count & COUNT_MASK)
}

/// The window and the count a bucket's `value` holds.
pub(crate) fn split(value: u64) -> (u64, u64) {
    (value >> COUNT_BITS, value & COUNT_MASK)
}

/// Counts a request of `window` in the bucket at `key`, and returns the
/// bucket's count in that window.
///
/// One `increment`; when the value it returns is of another window (or
/// the key was unset), a `set` to this window with a count of 1. Under
/// concurrency this undercounts a little at window boundaries: requests
/// that increment the old window's value before one of them resets it
/// are not counted in the new window, and a reset can overwrite an
/// increment made just before it. A bucket that counts 2³² requests in
/// one window carries into the window bits and starts afresh.
///
/// # Errors
///
/// When the store refuses either call.
pub(crate) fn count(store: &Store, key: &str, window: u64) -> Result<u64, KvError> {
    let (counted_window, count) = split(store.increment(key, 1)?);
    if counted_window == window & COUNT_MASK {
        return Ok(count);
    }
    store.set(key, value(window, 1).to_string())?;
    Ok(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_value_holds_the_window_above_the_count() {
        assert_eq!(value(28_333_333, 4), 28_333_333 << 32 | 4);
        assert_eq!(split(value(28_333_333, 4)), (28_333_333, 4));
        // An unset key incremented once reads as window 0.
        assert_eq!(split(1), (0, 1));
    }
}
