//! Fixed windows: which window a moment falls in, and how long until it
//! ends.

/// The window `now` (seconds since the epoch) falls in.
pub(crate) fn index(now: u64, window_seconds: u64) -> u64 {
    now / window_seconds
}

/// Whole seconds from `now` until its window ends: at least 1.
pub(crate) fn retry_after(now: u64, window_seconds: u64) -> u64 {
    window_seconds - now % window_seconds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_fixed_and_retry_after_reaches_the_next() {
        assert_eq!(index(119, 60), 1);
        assert_eq!(index(120, 60), 2);
        assert_eq!(retry_after(120, 60), 60);
        assert_eq!(retry_after(179, 60), 1);
    }
}
