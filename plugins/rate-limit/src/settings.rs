//! The limit, the window, the buckets and how clients are told apart,
//! from configuration.

use std::ops::RangeInclusive;

/// What the configuration sets.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Settings {
    /// Requests a client may make per window.
    pub(crate) requests: u64,
    /// The window's length in seconds.
    pub(crate) window_seconds: u64,
    /// How many buckets (so keys) clients are counted in.
    pub(crate) buckets: u64,
    /// The header that names the client.
    pub(crate) client_header: String,
    /// How many entries at the right of the header trusted proxies wrote.
    pub(crate) trusted_hops: usize,
    /// The key-value store the counts live in (`""` is the default one).
    pub(crate) store: String,
}

/// Each number setting: its key, default and allowed values.
const REQUESTS: (&str, u64, RangeInclusive<u64>) = ("rate-limit.requests", 100, 1..=1_000_000_000);
const WINDOW_SECONDS: (&str, u64, RangeInclusive<u64>) =
    ("rate-limit.window-seconds", 60, 1..=86_400);
const BUCKETS: (&str, u64, RangeInclusive<u64>) = ("rate-limit.buckets", 65_536, 1..=16_777_216);
const TRUSTED_HOPS: (&str, u64, RangeInclusive<u64>) = ("rate-limit.trusted-hops", 0, 0..=32);

impl Settings {
    /// Reads `rate-limit.requests` (default 100, at most 10⁹),
    /// `rate-limit.window-seconds` (default 60, at most 86,400: a day),
    /// `rate-limit.buckets` (default 65,536, at most 2²⁴),
    /// `rate-limit.client-header` (default `x-forwarded-for`),
    /// `rate-limit.trusted-hops` (default 0, at most 32) and
    /// `rate-limit.store` (default: the default store).
    ///
    /// # Errors
    ///
    /// When configuration cannot be read, or a number is not an integer
    /// in its range: the error names the key and the bound.
    pub(crate) fn from_config() -> edge::Result<Self> {
        Self::from_lookup(|key| Ok(edge::config::get(key)?))
    }

    /// [`from_config`](Self::from_config) over any source of values.
    pub(crate) fn from_lookup(
        get: impl Fn(&str) -> edge::Result<Option<String>>,
    ) -> edge::Result<Self> {
        let number = |(key, default, range): (&str, u64, RangeInclusive<u64>)| match get(key)? {
            None => Ok(default),
            Some(text) => parse(key, &text, &range),
        };
        let trusted_hops = number(TRUSTED_HOPS)?;
        Ok(Self {
            requests: number(REQUESTS)?,
            window_seconds: number(WINDOW_SECONDS)?,
            buckets: number(BUCKETS)?,
            client_header: get("rate-limit.client-header")?
                .unwrap_or_else(|| "x-forwarded-for".to_owned())
                .to_ascii_lowercase(),
            trusted_hops: usize::try_from(trusted_hops).unwrap_or(usize::MAX),
            store: get("rate-limit.store")?.unwrap_or_default(),
        })
    }
}

/// `text` as an integer in `range`, or an error naming `key` and the bound
/// missed.
fn parse(key: &str, text: &str, range: &RangeInclusive<u64>) -> edge::Result<u64> {
    let kind = if *range.start() == 0 {
        "a non-negative"
    } else {
        "a positive"
    };
    match text.trim().parse::<u64>() {
        Ok(n) if range.contains(&n) => Ok(n),
        Ok(n) if n > *range.end() => Err(edge::Error::msg(format!(
            "{key} must be at most {}, not `{text}`",
            range.end()
        ))),
        _ => Err(edge::Error::msg(format!(
            "{key} must be {kind} integer, not `{text}`"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(pairs: &[(&str, &str)]) -> edge::Result<Settings> {
        Settings::from_lookup(|key| {
            Ok(pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (*v).to_owned()))
        })
    }

    #[test]
    fn defaults_apply_to_what_is_not_set() {
        let settings = from(&[]).expect("defaults");
        assert_eq!(
            settings,
            Settings {
                requests: 100,
                window_seconds: 60,
                buckets: 65_536,
                client_header: "x-forwarded-for".to_owned(),
                trusted_hops: 0,
                store: String::new(),
            }
        );
    }

    #[test]
    fn a_bad_number_names_its_key() {
        for bad in ["0", "-1", "ten", ""] {
            let error = from(&[("rate-limit.requests", bad)]).expect_err("refused");
            assert_eq!(
                error.to_string(),
                format!("rate-limit.requests must be a positive integer, not `{bad}`")
            );
        }
        let error = from(&[("rate-limit.trusted-hops", "-1")]).expect_err("refused");
        assert_eq!(
            error.to_string(),
            "rate-limit.trusted-hops must be a non-negative integer, not `-1`"
        );
    }

    #[test]
    fn a_number_past_its_bound_names_the_key_and_the_bound() {
        let cases = [
            ("rate-limit.window-seconds", "86401", "86400"),
            ("rate-limit.window-seconds", "18446744073709551615", "86400"),
            ("rate-limit.buckets", "16777217", "16777216"),
            ("rate-limit.requests", "1000000001", "1000000000"),
            ("rate-limit.trusted-hops", "33", "32"),
        ];
        for (key, bad, bound) in cases {
            let error = from(&[(key, bad)]).expect_err("refused");
            assert_eq!(
                error.to_string(),
                format!("{key} must be at most {bound}, not `{bad}`")
            );
        }
        let settings = from(&[
            ("rate-limit.window-seconds", "86400"),
            ("rate-limit.buckets", "1"),
            ("rate-limit.trusted-hops", "0"),
        ])
        .expect("in range");
        assert_eq!(
            (
                settings.window_seconds,
                settings.buckets,
                settings.trusted_hops
            ),
            (86_400, 1, 0)
        );
    }
}
