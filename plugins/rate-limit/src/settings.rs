//! The limit, the window and how clients are told apart, from
//! configuration.

/// What the configuration sets.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Settings {
    /// Requests a client may make per window.
    pub(crate) requests: u64,
    /// The window's length in seconds.
    pub(crate) window_seconds: u64,
    /// The header that names the client.
    pub(crate) client_header: String,
    /// The key-value store the counts live in (`""` is the default one).
    pub(crate) store: String,
}

impl Settings {
    /// Reads `rate-limit.requests` (default 100), `rate-limit.window-seconds`
    /// (default 60), `rate-limit.client-header` (default `x-forwarded-for`)
    /// and `rate-limit.store` (default: the default store).
    ///
    /// # Errors
    ///
    /// When configuration cannot be read, or a number is not a positive
    /// integer: the error names the key.
    pub(crate) fn from_config() -> edge::Result<Self> {
        Self::from_lookup(|key| Ok(edge::config::get(key)?))
    }

    /// [`from_config`](Self::from_config) over any source of values.
    pub(crate) fn from_lookup(
        get: impl Fn(&str) -> edge::Result<Option<String>>,
    ) -> edge::Result<Self> {
        let number = |key: &str, default: u64| -> edge::Result<u64> {
            match get(key)? {
                None => Ok(default),
                Some(text) => text.trim().parse().ok().filter(|&n| n > 0).ok_or_else(|| {
                    edge::Error::msg(format!("{key} must be a positive integer, not `{text}`"))
                }),
            }
        };
        Ok(Self {
            requests: number("rate-limit.requests", 100)?,
            window_seconds: number("rate-limit.window-seconds", 60)?,
            client_header: get("rate-limit.client-header")?
                .unwrap_or_else(|| "x-forwarded-for".to_owned())
                .to_ascii_lowercase(),
            store: get("rate-limit.store")?.unwrap_or_default(),
        })
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
                client_header: "x-forwarded-for".to_owned(),
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
    }
}
