//! [`PluginGrant`]: what one composed plugin may use beyond its own
//! configuration keys (`[plugins.grants.NAME]` in `edge.toml`).

use serde::Deserialize;

/// What the plugin named in `[plugins.grants.NAME]` may use besides the
/// configuration keys under its name:
///
/// ```toml
/// [plugins.grants.auth]
/// config = ["shared.region"]        # keys, matched whole
/// outbound = ["idp.example.com"]    # authorities (host or host:port), matched whole
/// ```
///
/// A plugin granted nothing reads its own keys (`auth.*`) and sends no
/// request. The host's own limits (`[outbound] allow`) still apply on top.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PluginGrant {
    /// Configuration keys outside its name it may read.
    #[serde(default)]
    pub config: Vec<String>,
    /// Authorities it may send requests to.
    #[serde(default)]
    pub outbound: Vec<String>,
}

impl PluginGrant {
    /// This grant and `other`'s, each item once.
    pub fn add(&mut self, other: PluginGrant) {
        for (into, from) in [
            (&mut self.config, other.config),
            (&mut self.outbound, other.outbound),
        ] {
            for item in from {
                if !into.contains(&item) {
                    into.push(item);
                }
            }
        }
    }
}
