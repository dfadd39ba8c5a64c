//! [`AppSettings`]: what a host grants an app, from any layer: flags,
//! `edge.toml`, a test's builder.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{LimitSettings, PluginGrant};

/// The grants and limits of one app, as one layer gives them. Layers merge
/// with [`AppSettings::over`], the one rule every host uses: `edge serve`
/// puts its flags over `edge.toml`, `TestApp` its builder's settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AppSettings {
    /// Limits; unset ones fall through to the layer below, then the default.
    pub limits: LimitSettings,
    /// Destinations outgoing requests may reach: `host` (any port) or
    /// `host:port`.
    pub allow_outbound: Vec<String>,
    /// Configuration values, in order; a later pair for the same key wins.
    pub config: Vec<(String, String)>,
    /// Key-value stores besides the default one.
    pub kv_stores: Vec<String>,
    /// Where a server keeps key-value data when it is shared: a Redis URL
    /// (`edge serve --kv-url`, `[kv] url`).
    pub kv_url: Option<String>,
    /// Plugins composed in front of the app, in request order: component
    /// files or plugin packages' directories.
    pub plugins: Vec<PathBuf>,
    /// What each plugin, by name, may use besides its own configuration
    /// keys (`[plugins.grants.NAME]`).
    pub plugin_grants: BTreeMap<String, PluginGrant>,
}

impl AppSettings {
    /// These settings over `lower`: limits set here win; grants add up
    /// (hosts, stores); a configuration key set here replaces `lower`'s;
    /// plugins set here come after `lower`'s, nearer the app, and their
    /// grants add up.
    ///
    /// ```
    /// use edge_harness::{AppSettings, LimitSettings};
    ///
    /// let mut manifest = AppSettings::default();
    /// manifest.config.push(("greeting".into(), "hi".into()));
    /// manifest.allow_outbound.push("api.example.com".into());
    /// manifest.limits.timeout_ms = Some(500);
    /// let mut flags = AppSettings::default();
    /// flags.config.push(("greeting".into(), "hello".into()));
    /// flags.allow_outbound.push("127.0.0.1:8080".into());
    ///
    /// let merged = flags.over(manifest);
    /// assert_eq!(merged.config_value("greeting"), Some("hello"));
    /// assert_eq!(merged.allow_outbound, ["api.example.com", "127.0.0.1:8080"]);
    /// assert_eq!(merged.limits.timeout_ms, Some(500));
    /// ```
    #[must_use]
    pub fn over(self, lower: AppSettings) -> AppSettings {
        let mut merged = lower;
        merged.limits = self.limits.over(&merged.limits);
        merged.config.extend(self.config);
        merged.plugins.extend(self.plugins);
        for (name, grant) in self.plugin_grants {
            merged.plugin_grants.entry(name).or_default().add(grant);
        }
        merged.kv_url = self.kv_url.or(merged.kv_url);
        for list in [
            (&mut merged.allow_outbound, self.allow_outbound),
            (&mut merged.kv_stores, self.kv_stores),
        ] {
            let (into, from) = list;
            for item in from {
                if !into.contains(&item) {
                    into.push(item);
                }
            }
        }
        merged
    }

    /// The value configuration key `key` ends up with.
    pub fn config_value(&self, key: &str) -> Option<&str> {
        self.config
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_join_without_repeats_and_the_upper_config_wins() {
        let lower = AppSettings {
            allow_outbound: vec!["a".into()],
            kv_stores: vec!["s".into()],
            config: vec![("k".into(), "low".into()), ("only-low".into(), "1".into())],
            ..AppSettings::default()
        };
        let upper = AppSettings {
            allow_outbound: vec!["a".into(), "b".into()],
            kv_stores: vec!["t".into()],
            config: vec![("k".into(), "high".into())],
            ..AppSettings::default()
        };
        let merged = upper.over(lower);
        assert_eq!(merged.allow_outbound, ["a", "b"]);
        assert_eq!(merged.kv_stores, ["s", "t"]);
        assert_eq!(merged.config_value("k"), Some("high"));
        assert_eq!(merged.config_value("only-low"), Some("1"));
        assert_eq!(merged.config_value("absent"), None);
    }

    #[test]
    fn plugins_add_up_with_the_lower_layers_first_in_request_order() {
        let lower = AppSettings {
            plugins: vec!["auth".into()],
            ..AppSettings::default()
        };
        let upper = AppSettings {
            plugins: vec!["waf".into(), "auth".into()],
            ..AppSettings::default()
        };
        let merged = upper.over(lower);
        assert_eq!(
            merged.plugins,
            [PathBuf::from("auth"), "waf".into(), "auth".into()]
        );
    }
}
