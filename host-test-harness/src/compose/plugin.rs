//! [`Plugin`]: a plugin to compose, with the name its configuration is
//! filed under.

use std::path::Path;

use super::error::{ComposeError, Part};

/// How plugin packages are named: `edge-plugin-<name>`.
pub const PACKAGE_PREFIX: &str = "edge-plugin-";

/// A plugin to [`compose`](super::compose): its component, and its name.
/// The plugin reads the configuration keys under its name (the plugin
/// `auth`: `auth.token`, `auth.realm`) and no others, and sends requests
/// to the authorities it is allowed alone (none by default).
///
/// ```
/// use std::path::Path;
/// use edge_harness::compose::Plugin;
///
/// // Cargo writes `rate-limit` as `rate_limit.wasm`: the name is the
/// // package's again.
/// assert_eq!(Plugin::named_after(Path::new("target/rate_limit.wasm")), "rate-limit");
/// assert_eq!(Plugin::named_after(Path::new("plugins/auth")), "auth");
/// assert_eq!(Plugin::named_after(Path::new("target/edge_plugin_auth.wasm")), "auth");
/// assert_eq!(Plugin::named_after(Path::new("target/waf.preinit.wasm")), "waf");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plugin {
    /// Its name: it reads the configuration keys that start with
    /// `<name>.`.
    pub name: String,
    /// Its component's bytes.
    pub component: Vec<u8>,
    /// Keys outside its name it may read as well (a region several parts
    /// share, say), each matched whole.
    pub grants: Vec<String>,
    /// The authorities (`api.example.com`, `api.example.com:8443`) it may
    /// send requests to, each matched whole; none by default.
    pub outbound: Vec<String>,
}

impl Plugin {
    /// The plugin `name` with `component`'s bytes.
    pub fn new(name: impl Into<String>, component: Vec<u8>) -> Self {
        Self {
            name: name.into(),
            component,
            grants: Vec::new(),
            outbound: Vec::new(),
        }
    }

    /// The plugin, allowed to send requests to `authority` as well
    /// (`api.example.com`, or with its port), matched whole.
    #[must_use]
    pub fn allow_outbound(mut self, authority: impl Into<String>) -> Self {
        self.outbound.push(authority.into());
        self
    }

    /// The plugin, granted the key `key` as well (matched whole).
    #[must_use]
    pub fn grant(mut self, key: impl Into<String>) -> Self {
        self.grants.push(key.into());
        self
    }

    /// The name of the plugin at `path` (its package folder or its
    /// component file): the folder's or file's name up to its first `.`,
    /// with the `_` Cargo writes for `-` turned back, less the
    /// [`PACKAGE_PREFIX`] of a plugin package (`edge-plugin-auth` is the
    /// plugin `auth`).
    pub fn named_after(path: &Path) -> String {
        let file = path.file_name().unwrap_or_default().to_string_lossy();
        let stem = file.split('.').next().unwrap_or_default().replace('_', "-");
        match stem.strip_prefix(PACKAGE_PREFIX) {
            Some(name) if !name.is_empty() => name.to_owned(),
            _ => stem,
        }
    }

    /// Whether the name can stand before a `.` in configuration keys:
    /// ASCII letters, digits and `-`, not empty.
    pub(super) fn check_name(&self, part: Part) -> Result<(), ComposeError> {
        let fits = !self.name.is_empty()
            && self
                .name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if fits {
            Ok(())
        } else {
            Err(ComposeError::BadPluginName {
                part,
                name: self.name.clone(),
            })
        }
    }
}
