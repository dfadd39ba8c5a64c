//! Where a new app takes the edge crates from: the registry, by version,
//! or an edge checkout on this machine, by path.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

/// The source of the `edge-sdk` and `edge-harness` crates an app depends on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SdkSource {
    /// The published crates, at the version of this `edge` command
    /// (`edge-sdk = "0.1"`): the app builds anywhere.
    Registry,
    /// An edge checkout (its root, canonical): path dependencies on its
    /// `sdk` and `host-test-harness`, its lock file, and its target
    /// directory shared, for working on edge itself.
    Checkout(PathBuf),
}

impl SdkSource {
    /// The checkout at `root`, checked to be one: its `sdk/Cargo.toml`
    /// must be the `edge-sdk` package.
    pub(crate) fn checkout(root: &Path) -> anyhow::Result<Self> {
        let root = root
            .canonicalize()
            .with_context(|| format!("--path {}: no such directory", root.display()))?;
        let sdk = root.join("sdk/Cargo.toml");
        let manifest = std::fs::read_to_string(&sdk).unwrap_or_default();
        if !manifest.contains("name = \"edge-sdk\"") {
            bail!(
                "--path {}: not an edge checkout (no `edge-sdk` package at {}): \
                 pass the folder that holds edge's workspace Cargo.toml",
                root.display(),
                sdk.display()
            );
        }
        Ok(Self::Checkout(root))
    }

    /// The `[dependencies]` and `[dev-dependencies]` lines for the two
    /// crates.
    pub(crate) fn dependencies(&self) -> (String, String) {
        match self {
            Self::Registry => {
                let version = concat!(
                    env!("CARGO_PKG_VERSION_MAJOR"),
                    ".",
                    env!("CARGO_PKG_VERSION_MINOR")
                );
                (
                    format!("edge-sdk = \"{version}\""),
                    format!("edge-harness = \"{version}\""),
                )
            }
            Self::Checkout(root) => (
                format!("edge-sdk = {{ path = {} }}", toml_string(&root.join("sdk"))),
                format!(
                    "edge-harness = {{ path = {} }}",
                    toml_string(&root.join("host-test-harness"))
                ),
            ),
        }
    }
}

/// `path` as a TOML basic string: quotes, backslashes and control
/// characters escaped.
pub(crate) fn toml_string(path: &Path) -> String {
    let mut out = String::from("\"");
    for c in path.display().to_string().chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_source_asks_for_this_commands_minor_version() {
        let (sdk, harness) = SdkSource::Registry.dependencies();
        assert_eq!(sdk, "edge-sdk = \"0.1\"");
        assert_eq!(harness, "edge-harness = \"0.1\"");
    }

    #[test]
    fn a_folder_that_is_not_a_checkout_is_refused_by_name() {
        let err = SdkSource::checkout(&std::env::temp_dir()).expect_err("not a checkout");
        let text = err.to_string();
        assert!(text.contains("not an edge checkout"), "{text}");
        assert!(text.contains("workspace Cargo.toml"), "{text}");
        let err = SdkSource::checkout(Path::new("/no/such/edge")).expect_err("missing");
        assert!(err.to_string().contains("no such directory"), "{err}");
    }

    #[test]
    fn paths_are_quoted_for_toml() {
        assert_eq!(
            toml_string(Path::new("C:\\a \"b\"")),
            "\"C:\\\\a \\\"b\\\"\""
        );
    }
}
