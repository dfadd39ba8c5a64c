//! Counters: the decimal text `increment` reads and writes.

use super::KvError;

/// The number the counter at `key` holds; `None` (no value) is 0.
pub(super) fn parse(key: &str, stored: Option<&[u8]>) -> Result<u64, KvError> {
    let Some(bytes) = stored else {
        return Ok(0);
    };
    std::str::from_utf8(bytes)
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .ok_or_else(|| KvError::NotACounter {
            key: key.to_owned(),
        })
}

/// `current + delta`, refused when it overflows.
pub(super) fn add(key: &str, current: u64, delta: u64) -> Result<u64, KvError> {
    current
        .checked_add(delta)
        .ok_or_else(|| KvError::CounterOverflow {
            key: key.to_owned(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_are_decimal_text() {
        assert_eq!(parse("n", None), Ok(0));
        assert_eq!(parse("n", Some(b"42")), Ok(42));
        assert_eq!(parse("n", Some(b" 7\n")), Ok(7));
        let not = Err(KvError::NotACounter { key: "n".into() });
        assert_eq!(parse("n", Some(b"hello")), not);
        assert_eq!(parse("n", Some(b"-1")), not);
        assert_eq!(parse("n", Some(&[0xff])), not);
    }

    #[test]
    fn a_counter_never_wraps() {
        assert_eq!(add("n", 2, 3), Ok(5));
        assert_eq!(
            add("n", u64::MAX, 1),
            Err(KvError::CounterOverflow { key: "n".into() })
        );
    }
}
