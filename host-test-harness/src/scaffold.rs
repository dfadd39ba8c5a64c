//! `edge new NAME`: a new app that builds, passes its test and serves as is.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

/// Creates the app `name` in `parent/name` and returns its directory.
///
/// The app depends on this checkout's `edge` and `edge-harness` by path.
pub fn new_app(parent: &Path, name: &str) -> anyhow::Result<PathBuf> {
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
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .context("the harness sits inside the edge workspace")?
        .canonicalize()?;
    let files = [
        ("Cargo.toml", cargo_toml(name, &root)),
        ("src/lib.rs", LIB_RS.to_owned()),
        ("tests/app.rs", TEST_RS.to_owned()),
        ("edge.toml", format!("name = \"{name}\"\n{EDGE_TOML}")),
        (".gitignore", "/target\n/.edge\n".to_owned()),
    ];
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

# Every byte of a component is copied at each cold start.
[profile.release]
opt-level = "z"
lto = true
codegen-units = 1
strip = true
panic = "abort"

# Tests compile the app with Cranelift: keep the compiler fast in debug.
[profile.dev.package.cranelift-codegen]
opt-level = 3
[profile.dev.package.regalloc2]
opt-level = 3
[profile.dev.package.wasmtime-internal-cranelift]
opt-level = 3
[profile.dev.package.wasmparser]
opt-level = 3

[workspace]
"#,
        sdk = root.join("sdk").display(),
        harness = root.join("host-test-harness").display(),
    )
}

const LIB_RS: &str = r#"//! An edge app.

use edge::{Request, RequestExt, Response, Router};

#[edge::main]
fn main(req: Request) -> edge::Result<Response> {
    let mut router = Router::new();
    router.use_(|_req, res| res.header("x-powered-by", "edge"));
    router.get("/", |_req, res| res.send("Hello World"));
    router.get("/hello/:name", |req, res| {
        let name = req.param("name").unwrap_or("stranger").to_owned();
        res.send(format!("Hello, {name}!"))
    });
    router.handle(req)
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
