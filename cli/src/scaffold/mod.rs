//! `edge new NAME`: a new app that builds, passes its test and serves as is.
//!
//! The app's files come from `template/`, inside this package: the command
//! reads nothing of the checkout it was built in. By default the app
//! depends on the published crates by version, so it builds anywhere;
//! [`SdkSource::Checkout`] ties it to an edge checkout instead.

mod sdk_source;

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

pub(crate) use sdk_source::SdkSource;
use sdk_source::toml_string;

const LIB_RS: &str = include_str!("template/lib.rs");
const TEST_RS: &str = include_str!("template/app_test.rs");
const EDGE_TOML: &str = include_str!("template/edge.toml");
const GITIGNORE: &str = include_str!("template/gitignore");
/// The profiles an app needs: size-tuned release builds for its component,
/// and the compiler crates optimized for its tests. The edge workspace's
/// own manifest has the same sections (`cli/tests/all/new_app.rs` checks it).
const PROFILES: &str = include_str!("template/profiles.toml");

/// Creates the app `name` in `parent/name`, its edge crates taken from
/// `source`, and returns its directory.
pub(crate) fn new_app(parent: &Path, name: &str, source: &SdkSource) -> anyhow::Result<PathBuf> {
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        bail!(
            "`{name}` is not a valid app name: use letters, digits, `-` and `_`, starting with a letter"
        );
    }
    let dir = parent.join(name);
    if dir.exists() {
        bail!(
            "{} already exists: pick another name or remove it",
            dir.display()
        );
    }
    let mut files = vec![
        ("Cargo.toml", cargo_toml(name, source)),
        ("src/lib.rs", LIB_RS.to_owned()),
        ("tests/app.rs", TEST_RS.to_owned()),
        ("edge.toml", format!("name = \"{name}\"\n\n{EDGE_TOML}")),
        (".gitignore", GITIGNORE.to_owned()),
    ];
    if let SdkSource::Checkout(root) = source {
        files.push((".cargo/config.toml", cargo_config(root)));
        // The checkout's lock file: the app resolves to the versions edge
        // was built and tested with, so their compiled artifacts are reused.
        if let Ok(lock) = std::fs::read_to_string(root.join("Cargo.lock")) {
            files.push(("Cargo.lock", lock));
        }
    }
    for (file, text) in files {
        let path = dir.join(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(dir)
}

/// An app tied to a checkout builds into the checkout's target directory,
/// so that its first `cargo test` reuses what building edge already
/// compiled (wasmtime above all) instead of compiling it again.
fn cargo_config(root: &Path) -> String {
    format!(
        "# Share compiled dependencies with the edge checkout the app uses.\n\
         [build]\ntarget-dir = {}\n",
        toml_string(&root.join("target"))
    )
}

fn cargo_toml(name: &str, source: &SdkSource) -> String {
    let (sdk, harness) = source.dependencies();
    format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
publish = false

# A component: `cargo build --release --target wasm32-wasip2` (or `edge build`).
[lib]
crate-type = ["cdylib"]

[dependencies]
{sdk}

[dev-dependencies]
{harness}

{PROFILES}
[workspace]
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registry_app_names_versions_and_no_path() {
        let manifest = cargo_toml("demo", &SdkSource::Registry);
        let parsed: toml::Table = manifest.parse().expect("valid TOML");
        assert_eq!(parsed["dependencies"]["edge-sdk"].as_str(), Some("0.1"));
        assert_eq!(
            parsed["dev-dependencies"]["edge-harness"].as_str(),
            Some("0.1")
        );
        assert!(!manifest.contains("path"), "{manifest}");
        assert_eq!(
            parsed["profile"]["release"]["opt-level"].as_str(),
            Some("z")
        );
    }

    #[test]
    fn bad_names_are_refused_with_the_rule() {
        let err =
            new_app(Path::new("/nonexistent"), "1up", &SdkSource::Registry).expect_err("bad name");
        assert!(err.to_string().contains("is not a valid app name"), "{err}");
    }
}
