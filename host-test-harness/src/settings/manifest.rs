//! `edge.toml`: an app's host settings, read by `edge serve` and `TestApp`
//! alike, so that tests and the dev server agree.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::Deserialize;

use super::{AppSettings, LimitSettings, PluginGrant};

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
/// [plugins]           # in request order; relative to edge.toml's folder
/// chain = ["../plugins/auth", "waf.wasm"]
///
/// [plugins.grants.auth]   # beyond its own keys (auth.*): see PluginGrant
/// config = ["shared.region"]
/// outbound = ["idp.example.com"]
///
/// [limits]            # every key of edge_harness::LimitSettings
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
    /// Plugins composed in front of the app.
    #[serde(default)]
    pub plugins: PluginsSection,
    /// Limits: the same keys as `edge serve`'s flags.
    #[serde(default)]
    pub limits: LimitSettings,
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
    /// A Redis server holding the stores, shared by every `edge serve`
    /// node given it (`redis://host:port/db`).
    #[serde(default)]
    pub url: Option<String>,
}

/// `[plugins]`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PluginsSection {
    /// Plugins in request order: a plugin package's directory or a
    /// component file, relative to the app's directory (resolved when the
    /// manifest is loaded).
    #[serde(default)]
    pub chain: Vec<PathBuf>,
    /// What each plugin, by name, may use besides its own configuration
    /// keys.
    #[serde(default)]
    pub grants: BTreeMap<String, PluginGrant>,
}

impl Manifest {
    /// Reads `edge.toml` from the app directory `dir`; `None` if it has none.
    /// Plugin paths are joined to `dir`, so they hold wherever the process runs.
    pub fn load(dir: &Path) -> anyhow::Result<Option<Self>> {
        let path = dir.join(MANIFEST_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        let mut manifest: Self =
            toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        for plugin in &mut manifest.plugins.chain {
            *plugin = dir.join(&*plugin);
        }
        Ok(Some(manifest))
    }

    /// The settings this manifest gives, as one layer to merge with
    /// [`AppSettings::over`].
    pub fn settings(&self) -> AppSettings {
        AppSettings {
            limits: self.limits.clone(),
            allow_outbound: self.outbound.allow.clone(),
            config: self
                .config
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            kv_stores: self.kv.stores.clone(),
            kv_url: self.kv.url.clone(),
            plugins: self.plugins.chain.clone(),
            plugin_grants: self.plugins.grants.clone(),
        }
    }
}

/// The settings of the app in `dir`: its `edge.toml`'s, or none.
pub fn manifest_settings(dir: &Path) -> anyhow::Result<AppSettings> {
    Ok(Manifest::load(dir)?
        .map(|manifest| manifest.settings())
        .unwrap_or_default())
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
            max-request-body-mib = 2
            "#,
        )
        .expect("valid manifest");
        assert_eq!(manifest.name.as_deref(), Some("app"));
        let settings = manifest.settings();
        assert_eq!(settings.allow_outbound, ["api.example.com"]);
        assert_eq!(
            settings.config_value("origin"),
            Some("https://api.example.com")
        );
        assert_eq!(settings.kv_stores, ["sessions"]);
        let limits = settings.limits.resolve();
        assert_eq!(limits.max_memory_bytes, 64 << 20);
        assert_eq!(limits.timeout, std::time::Duration::from_millis(500));
        assert_eq!(limits.max_request_body_bytes, 2 << 20);
    }

    #[test]
    fn plugin_paths_are_read_relative_to_the_app() -> anyhow::Result<()> {
        let dir =
            std::env::temp_dir().join(format!("edge-manifest-plugins-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        std::fs::write(
            dir.join(MANIFEST_FILE),
            "[plugins]\nchain = [\"../plugins/auth\", \"/abs/waf.wasm\"]\n",
        )?;
        let settings = manifest_settings(&dir);
        std::fs::remove_dir_all(&dir)?;
        assert_eq!(
            settings?.plugins,
            [dir.join("../plugins/auth"), PathBuf::from("/abs/waf.wasm")]
        );
        Ok(())
    }

    #[test]
    fn plugin_grants_are_read_by_name_and_a_misspelt_one_is_an_error() {
        let manifest: Manifest = toml::from_str(
            r#"
            [plugins]
            chain = ["../plugins/auth"]
            [plugins.grants.auth]
            config = ["shared.region"]
            outbound = ["idp.example.com"]
            "#,
        )
        .expect("valid manifest");
        let grant = &manifest.settings().plugin_grants["auth"];
        assert_eq!(grant.config, ["shared.region"]);
        assert_eq!(grant.outbound, ["idp.example.com"]);
        let err = toml::from_str::<Manifest>(
            "[plugins.grants.auth]
hosts = [\"x\"]\n",
        )
        .expect_err("unknown key");
        assert!(err.to_string().contains("unknown field `hosts`"), "{err}");
    }

    #[test]
    fn a_misspelt_key_is_an_error_that_names_it() {
        let err = toml::from_str::<Manifest>("[limits]\ntimeout = 5\n").expect_err("unknown key");
        assert!(err.to_string().contains("unknown field `timeout`"), "{err}");
    }
}
