//! `edge new NAME`: a new app that builds, passes its test and serves as is.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

/// Creates the app `name` in `parent/name` and returns its directory.
///
/// The app depends on this checkout's `edge` and `edge-harness` by path.
pub(crate) fn new_app(parent: &Path, name: &str) -> anyhow::Result<PathBuf> {
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
    let root = checkout();
    let files = [
        ("Cargo.toml", cargo_toml(name, &root)),
        ("src/lib.rs", LIB_RS.to_owned()),
        ("tests/app.rs", TEST_RS.to_owned()),
        ("edge.toml", format!("name = \"{name}\"\n{EDGE_TOML}")),
        (".gitignore", "/target\n/.edge\n".to_owned()),
        (".cargo/config.toml", cargo_config(&root)),
    ];
    // The checkout's lock file: the app resolves to the versions edge was
    // built and tested with, so their compiled artifacts are reused.
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).ok();
    let lock = lock.map(|text| ("Cargo.lock", text));
    for (file, text) in files.into_iter().chain(lock) {
        let path = dir.join(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(dir)
}

/// The app builds into the edge checkout's target directory, so that its
/// first `cargo test` reuses what building edge already compiled (wasmtime
/// above all) instead of compiling it again.
/// The edge checkout this command was built from: the SDK and the harness
/// the app depends on.
fn checkout() -> PathBuf {
    let cli = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = cli.parent().unwrap_or(cli);
    root.canonicalize().unwrap_or_else(|_| root.to_owned())
}

fn cargo_config(root: &Path) -> String {
    format!(
        "# Share compiled dependencies with the edge checkout the app uses.\n\
         [build]\ntarget-dir = \"{}\"\n",
        root.join("target").display()
    )
}

fn cargo_toml(name: &str, root: &Path) -> String {
    format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
publish = false

# A component: `cargo build --release --target wasm32-wasip2`.
[lib]
crate-type = ["cdylib"]

[dependencies]
edge = {{ path = "{sdk}" }}

[dev-dependencies]
edge-harness = {{ path = "{harness}" }}

# The edge workspace's profiles: size-tuned release builds (every byte of a
# component is copied at each cold start), and the compiler crates TestApp
# runs optimized even in debug builds.
{profiles}
[workspace]
"#,
        sdk = root.join("sdk").display(),
        harness = root.join("host-test-harness").display(),
        profiles = workspace_profiles(WORKSPACE_MANIFEST),
    )
}

/// The edge workspace's own manifest, the one source of its profiles.
const WORKSPACE_MANIFEST: &str = include_str!("../../Cargo.toml");

/// The `[profile.release]` and `[profile.dev.package.*]` sections of
/// `manifest`, without their comments.
fn workspace_profiles(manifest: &str) -> String {
    let mut out = String::new();
    let mut keep = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            keep = line == "[profile.release]" || line.starts_with("[profile.dev.package.");
        }
        if keep && !line.is_empty() && !line.starts_with('#') {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

const LIB_RS: &str = r#"//! An edge app.

use edge::{RequestExt, Router};

/// Builds the app once, before any request: at build time, as `edge build`
/// pre-initializes the component. To build it per request instead, take
/// the request: `fn main(req: edge::Request) -> edge::Result<edge::Response>`.
#[edge::main]
fn main() -> Router {
    let mut router = Router::new();
    router.use_(|_req, res| res.header("x-powered-by", "edge"));
    router.get("/", |_req, res| res.send("Hello World"));
    router.get("/hello/:name", |req, res| {
        let name = req.param("name").unwrap_or("stranger").to_owned();
        res.send(format!("Hello, {name}!"))
    });
    router
}
"#;

const TEST_RS: &str = r#"//! The app in-process, through a fresh instance per request.

use edge_harness::TestApp;

#[test]
fn says_hello() -> Result<(), edge_harness::Error> {
    let app = TestApp::from_package(env!("CARGO_MANIFEST_DIR"))?;
    let res = app.get("/").send()?;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text(), "Hello World");
    assert_eq!(res.header("x-powered-by"), Some("edge"));
    assert_eq!(app.get("/hello/ada").send()?.text(), "Hello, ada!");
    Ok(())
}
"#;

const EDGE_TOML: &str = r#"
# Read by `edge serve` and by TestApp alike.

[outbound]
# Destinations the app may fetch from: "host" or "host:port".
allow = []

[config]
# greeting = "hello"

[kv]
# Stores besides `default`.
stores = []

[limits]
max-memory-mib = 128
timeout-ms = 1000
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_gets_every_profile_of_the_workspace() {
        let profiles = workspace_profiles(WORKSPACE_MANIFEST);
        let sections = WORKSPACE_MANIFEST
            .lines()
            .filter(|l| *l == "[profile.release]" || l.starts_with("[profile.dev.package."));
        let mut count = 0;
        for section in sections {
            assert!(profiles.contains(section), "{section} missing");
            count += 1;
        }
        assert!(count > 5, "found only {count} profile sections");
        assert!(profiles.contains("opt-level = \"z\""), "{profiles}");
        assert!(!profiles.contains("[profile.host]"), "{profiles}");
    }

    #[test]
    fn bad_names_are_refused_with_the_rule() {
        let err = new_app(Path::new("/nonexistent"), "1up").expect_err("bad name");
        assert!(err.to_string().contains("is not a valid app name"), "{err}");
    }
}
