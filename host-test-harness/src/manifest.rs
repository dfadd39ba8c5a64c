//! `edge.toml`: an app's host settings, read by `edge serve` and `TestApp`
//! alike, so that tests and the dev server agree.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context as _;
use serde::Deserialize;

/// The file name, in the app's directory.
pub const MANIFEST_FILE: &str = "edge.toml";

/// An app's `edge.toml`.
///
/// ```toml
/// name = "flightpath"
///
/// [outbound]
/// allow = ["api.example.com", "127.0.0.1:8080"]
///
/// [config]
/// origin = "https://api.example.com"
///
/// [kv]
/// stores = ["sessions"]
///
/// [limits]
/// max-memory-mib = 64
/// timeout-ms = 500
/// ```
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[non_exhaustive]
pub struct Manifest {
    /// The app's name.
    pub name: Option<String>,
    /// Destinations outgoing requests may reach.
    #[serde(default)]
    pub outbound: OutboundSection,
    /// Configuration values.
    #[serde(default)]
    pub config: BTreeMap<String, String>,
    /// Key-value stores besides the default one.
    #[serde(default)]
    pub kv: KvSection,
    /// Per-request limits.
    #[serde(default)]
    pub limits: LimitsSection,
}

/// `[outbound]`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct OutboundSection {
    /// `host` (any port) or `host:port`.
    #[serde(default)]
    pub allow: Vec<String>,
}

/// `[kv]`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct KvSection {
    /// Named stores besides `default`.
    #[serde(default)]
    pub stores: Vec<String>,
}

/// `[limits]`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[non_exhaustive]
pub struct LimitsSection {
    /// Linear memory per request, in MiB.
    pub max_memory_mib: Option<u64>,
    /// Time per request, in milliseconds.
    pub timeout_ms: Option<u64>,
}

impl Manifest {
    /// Reads `edge.toml` from the app directory `dir`; `None` if it has none.
    pub fn load(dir: &Path) -> anyhow::Result<Option<Self>> {
        let path = dir.join(MANIFEST_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        let manifest =
            toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        Ok(Some(manifest))
    }

    /// Applies the manifest's limits on top of `limits`.
    pub(crate) fn apply_limits(&self, limits: &mut crate::Limits) {
        if let Some(mib) = self.limits.max_memory_mib {
            limits.max_memory_bytes =
                usize::try_from(mib.saturating_mul(1 << 20)).unwrap_or(usize::MAX);
        }
        if let Some(ms) = self.limits.timeout_ms {
            limits.timeout = std::time::Duration::from_millis(ms);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_section() {
        let manifest: Manifest = toml::from_str(
            r#"
            name = "app"
            [outbound]
            allow = ["api.example.com"]
            [config]
            origin = "https://api.example.com"
            [kv]
            stores = ["sessions"]
            [limits]
            max-memory-mib = 64
            timeout-ms = 500
            "#,
        )
        .expect("valid manifest");
        assert_eq!(manifest.name.as_deref(), Some("app"));
        assert_eq!(manifest.outbound.allow, ["api.example.com"]);
        assert_eq!(manifest.config["origin"], "https://api.example.com");
        assert_eq!(manifest.kv.stores, ["sessions"]);
        let mut limits = crate::Limits::default();
        manifest.apply_limits(&mut limits);
        assert_eq!(limits.max_memory_bytes, 64 << 20);
        assert_eq!(limits.timeout, std::time::Duration::from_millis(500));
    }

    #[test]
    fn a_misspelt_key_is_an_error_that_names_it() {
        let err = toml::from_str::<Manifest>("[limits]\ntimeout = 5\n").expect_err("unknown key");
        assert!(err.to_string().contains("unknown field `timeout`"), "{err}");
    }
}
