//! [`LimitSettings`]: every per-request and per-connection limit, one entry
//! each. The entry is at once the `edge.toml` key (`[limits]`), the `edge
//! serve` flag (`--<key>`) and a field `TestApp::builder().limits(..)` takes;
//! its default is written once, here.

use std::time::Duration;

use serde::Deserialize;

use super::Limits;

/// Declares the limits: one line each, with its doc, default and unit.
macro_rules! limit_settings {
    ($(
        #[doc = $doc:literal]
        $field:ident: $default:literal $unit:literal;
    )*) => {
        /// Limits as a user sets them: `None` is unset, and a layer below
        /// (`edge.toml`, then the default) decides.
        ///
        /// The same names serve as `edge.toml` keys, `edge serve` flags and
        /// fields for [`TestAppBuilder::limits`](crate::TestAppBuilder::limits):
        ///
        /// ```
        /// use edge_harness::LimitSettings;
        ///
        /// let toml: LimitSettings = toml::from_str("timeout-ms = 250")?;
        /// let given = LimitSettings { max_memory_mib: Some(64), ..LimitSettings::default() };
        /// let limits = given.over(&toml).resolve();
        /// assert_eq!(limits.max_memory_bytes, 64 << 20);
        /// assert_eq!(limits.timeout.as_millis(), 250);
        /// assert_eq!(limits.body_timeout.as_secs(), 60); // the default
        /// # Ok::<(), toml::de::Error>(())
        /// ```
        #[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
        #[cfg_attr(feature = "cli", derive(clap::Args))]
        #[serde(deny_unknown_fields, rename_all = "kebab-case")]
        pub struct LimitSettings {
            $(
                #[doc = $doc]
                #[doc = concat!("[default: ", stringify!($default), "]")]
                #[cfg_attr(feature = "cli", arg(
                    long,
                    value_name = $unit,
                    help_heading = "Limits",
                    value_parser = whole_number,
                    help = format!("{} [default: {}]", $doc.trim(), $default),
                ))]
                pub $field: Option<u64>,
            )*
        }

        impl LimitSettings {
            /// Every limit at its default.
            pub fn defaults() -> Self {
                Self { $($field: Some($default),)* }
            }

            /// These settings over `lower`: each limit set here wins, each
            /// unset one is taken from `lower`. The one merge rule of every
            /// layer (flag over `edge.toml` over default).
            #[must_use]
            pub fn over(self, lower: &Self) -> Self {
                Self { $($field: self.$field.or(lower.$field),)* }
            }

            /// Each limit as `(key, value)`, the key as `edge.toml` and
            /// the flags spell it (`max-memory-mib`).
            pub fn entries(&self) -> Vec<(String, Option<u64>)> {
                vec![$((stringify!($field).replace('_', "-"), self.$field),)*]
            }
        }
    };
}

limit_settings! {
    /// Linear memory one request's instance may grow to, in MiB.
    max_memory_mib: 128 "MIB";
    /// Time to the response head (guest CPU and host calls), in ms.
    timeout_ms: 1000 "MS";
    /// Time to the end of the response body, in ms.
    body_timeout_ms: 60000 "MS";
    /// Largest request body, in MiB; more is answered 413.
    max_request_body_mib: 100 "MIB";
    /// Guest stdout and stderr kept per request, each, in KiB.
    max_log_kib: 1024 "KIB";
    /// Host resources (headers, streams, stores...) one instance may hold.
    max_resources: 10000 "N";
    /// Bytes of header names and values a guest may put into fields in one request, in MiB.
    max_fields_mib: 8 "MIB";
    /// Bytes one host call may take from the guest or return to it (a key-value batch or read), in MiB.
    max_host_call_mib: 16 "MIB";
    /// Largest key-value value, in KiB.
    kv_max_value_kib: 1024 "KIB";
    /// Most keys one key-value store may hold.
    kv_max_keys: 100000 "N";
    /// Most bytes (keys and values) one key-value store may hold, in MiB.
    kv_max_store_mib: 256 "MIB";
    /// Guest memory all requests may commit together, in MiB; instance slots are this over max-memory-mib.
    max_total_memory_mib: 16384 "MIB";
    /// Requests one client (an IPv4 address or an IPv6 /64) may have in flight; more are answered 503 (edge serve).
    max_requests_per_client: 64 "N";
    /// Connections one client (an IPv4 address or an IPv6 /64) may hold open; more are closed at once (edge serve).
    max_connections_per_client: 256 "N";
    /// Time a client may take to send a request head, in ms (edge serve).
    header_timeout_ms: 10000 "MS";
    /// Time a response may wait on a client that reads nothing, in ms (edge serve).
    write_timeout_ms: 30000 "MS";
    /// Requests one WASI 0.3 instance may serve before it is dropped; 1 is a fresh instance per request, more trades isolation between requests for speed (0 counts as 1).
    instance_reuse: 1 "N";
    /// Requests one reused WASI 0.3 instance may serve at once (0 counts as 1).
    instance_concurrency: 1 "N";
}

/// A limit's value on the command line.
#[cfg(feature = "cli")]
fn whole_number(text: &str) -> Result<u64, String> {
    text.parse()
        .map_err(|_| "expected a whole number".to_owned())
}

impl LimitSettings {
    /// The limits these settings give, each unset one at its default.
    pub fn resolve(&self) -> Limits {
        let all = self.clone().over(&Self::defaults());
        let value = |v: Option<u64>| v.unwrap_or_default();
        let mib = |v: Option<u64>| value(v).saturating_mul(1 << 20);
        let ms = |v: Option<u64>| Duration::from_millis(value(v));
        Limits {
            max_memory_bytes: usize::try_from(mib(all.max_memory_mib)).unwrap_or(usize::MAX),
            timeout: ms(all.timeout_ms),
            body_timeout: ms(all.body_timeout_ms),
            max_request_body_bytes: mib(all.max_request_body_mib),
            max_log_bytes: usize::try_from(value(all.max_log_kib).saturating_mul(1 << 10))
                .unwrap_or(usize::MAX),
            max_resources: usize::try_from(value(all.max_resources)).unwrap_or(usize::MAX),
            max_fields_bytes: usize::try_from(mib(all.max_fields_mib)).unwrap_or(usize::MAX),
            max_host_call_bytes: usize::try_from(mib(all.max_host_call_mib)).unwrap_or(usize::MAX),
            kv_max_value_bytes: value(all.kv_max_value_kib).saturating_mul(1 << 10),
            kv_max_keys: value(all.kv_max_keys),
            kv_max_store_bytes: mib(all.kv_max_store_mib),
            max_total_memory_bytes: mib(all.max_total_memory_mib),
            max_requests_per_client: usize::try_from(value(all.max_requests_per_client))
                .unwrap_or(usize::MAX),
            max_connections_per_client: usize::try_from(value(all.max_connections_per_client))
                .unwrap_or(usize::MAX),
            header_timeout: ms(all.header_timeout_ms),
            write_timeout: ms(all.write_timeout_ms),
            instance_reuse: u32::try_from(value(all.instance_reuse))
                .unwrap_or(u32::MAX)
                .max(1),
            instance_concurrency: u32::try_from(value(all.instance_concurrency))
                .unwrap_or(u32::MAX)
                .max(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_documented_limits() {
        let limits = LimitSettings::default().resolve();
        assert_eq!(limits.max_memory_bytes, 128 << 20);
        assert_eq!(limits.timeout, Duration::from_secs(1));
        assert_eq!(limits.body_timeout, Duration::from_secs(60));
        assert_eq!(limits.max_request_body_bytes, 100 << 20);
        assert_eq!(limits.max_log_bytes, 1 << 20);
        assert_eq!(limits.max_resources, 10_000);
        assert_eq!(limits.max_fields_bytes, 8 << 20);
        assert_eq!(limits.max_host_call_bytes, 16 << 20);
        assert_eq!(limits.kv_max_value_bytes, 1 << 20);
        assert_eq!(limits.kv_max_keys, 100_000);
        assert_eq!(limits.kv_max_store_bytes, 256 << 20);
        assert_eq!(limits.max_total_memory_bytes, 16 << 30);
        assert_eq!(limits.instance_slots(), 128);
        assert_eq!(limits.max_requests_per_client, 64);
        assert_eq!(limits.max_connections_per_client, 256);
        assert_eq!(limits.header_timeout, Duration::from_secs(10));
        assert_eq!(limits.write_timeout, Duration::from_secs(30));
        assert_eq!(limits.instance_reuse, 1);
        assert_eq!(limits.instance_concurrency, 1);
        assert_eq!(limits, Limits::default());
    }

    #[test]
    fn a_set_limit_wins_and_an_unset_one_falls_through() {
        let high = LimitSettings {
            timeout_ms: Some(5),
            ..LimitSettings::default()
        };
        let low = LimitSettings {
            timeout_ms: Some(7),
            max_resources: Some(3),
            ..LimitSettings::default()
        };
        let merged = high.over(&low);
        assert_eq!(merged.timeout_ms, Some(5));
        assert_eq!(merged.max_resources, Some(3));
        assert_eq!(merged.max_memory_mib, None);
        // A value equal to the default is still a set value.
        let default_again = LimitSettings {
            timeout_ms: Some(1000),
            ..LimitSettings::default()
        };
        assert_eq!(default_again.over(&low).timeout_ms, Some(1000));
    }

    #[test]
    fn every_entry_is_an_edge_toml_key() {
        for (key, default) in LimitSettings::defaults().entries() {
            let toml = format!("{key} = {}", default.expect("every limit has a default"));
            let parsed: LimitSettings = toml::from_str(&toml).expect("a known key");
            assert!(
                parsed
                    .entries()
                    .iter()
                    .any(|(k, v)| *k == key && v.is_some()),
                "{key}"
            );
        }
    }

    #[test]
    fn an_unknown_key_is_named() {
        let err = toml::from_str::<LimitSettings>("timeout = 5").expect_err("unknown key");
        assert!(err.to_string().contains("unknown field `timeout`"), "{err}");
    }

    #[test]
    fn huge_values_saturate_instead_of_wrapping() {
        let limits = LimitSettings {
            max_memory_mib: Some(u64::MAX),
            ..LimitSettings::default()
        }
        .resolve();
        assert_eq!(limits.max_memory_bytes, usize::MAX);
    }
}
