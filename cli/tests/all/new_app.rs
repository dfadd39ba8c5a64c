//! `edge new`: the scaffold builds, passes its own test and serves, with no
//! edits; bad names and existing directories are refused.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn edge(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_edge"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("edge runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("edge-new-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn the_new_app_tests_and_serves_without_edits() {
    let dir = temp_dir("scaffold");
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let checkout = checkout.to_str().expect("utf-8");
    let created = edge(&dir, &["new", "demo-app", "--path", checkout]);
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let app = dir.join("demo-app");
    for file in [
        "Cargo.toml",
        "src/lib.rs",
        "tests/app.rs",
        "edge.toml",
        ".gitignore",
        ".cargo/config.toml",
        "Cargo.lock",
    ] {
        assert!(app.join(file).is_file(), "{file} is missing");
    }

    // Its own test, with its own cargo, as a user would run it; the build
    // directory is shared across runs so only the first one is slow.
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/edge-new");
    let tested = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(&app)
        .args(["test", "--quiet"])
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("cargo runs");
    assert!(
        tested.status.success(),
        "the new app's test failed:\n{}\n{}",
        String::from_utf8_lossy(&tested.stdout),
        String::from_utf8_lossy(&tested.stderr)
    );

    let mut server = Command::new(env!("CARGO_BIN_EXE_edge"))
        .args([
            "serve",
            app.to_str().expect("utf-8"),
            "--listen",
            "127.0.0.1:0",
            "--kv-memory",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("edge serve runs");
    let mut line = String::new();
    BufReader::new(server.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("a line");
    let address = line
        .trim()
        .trim_start_matches("listening on http://")
        .to_owned();
    let mut stream = TcpStream::connect(&address).expect("connects");
    write!(
        stream,
        "GET /hello/edge HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
    )
    .expect("sends");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("reads");
    let _ = server.kill();
    let _ = server.wait();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.ends_with("Hello, edge!"), "{response}");
}

/// The `[profile.release]` and `[profile.dev.package.*]` lines of a
/// manifest, without comments and blank lines.
fn profile_lines(manifest: &str) -> Vec<&str> {
    let mut keep = false;
    manifest
        .lines()
        .map(str::trim)
        .filter(|line| {
            if line.starts_with('[') {
                keep = *line == "[profile.release]" || line.starts_with("[profile.dev.package.");
            }
            keep && !line.is_empty() && !line.starts_with('#')
        })
        .collect()
}

/// The profiles `edge new` writes are the workspace's own: the release
/// profile components are built with, and the compiler crates optimized
/// in tests. (A test of the checkout, like the others here.)
#[test]
fn the_template_profiles_are_the_workspace_profiles() {
    let cli = Path::new(env!("CARGO_MANIFEST_DIR"));
    let template = std::fs::read_to_string(cli.join("src/scaffold/template/profiles.toml"))
        .expect("the template");
    let workspace = std::fs::read_to_string(cli.join("../Cargo.toml")).expect("the workspace");
    let ours = profile_lines(&template);
    assert!(ours.len() > 20, "{ours:?}");
    assert_eq!(ours, profile_lines(&workspace));
}

#[test]
fn a_new_app_depends_on_the_published_crates_by_version() {
    let dir = temp_dir("registry");
    let created = edge(&dir, &["new", "anywhere"]);
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let app = dir.join("anywhere");
    let manifest = std::fs::read_to_string(app.join("Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("edge-sdk = \"0.1\""), "{manifest}");
    assert!(manifest.contains("edge-harness = \"0.1\""), "{manifest}");
    assert!(!manifest.contains("path"), "{manifest}");
    // Nothing ties it to this machine: no lock file or build directory of
    // a checkout.
    assert!(!app.join(".cargo").exists());
    assert!(!app.join("Cargo.lock").exists());
    let printed = String::from_utf8_lossy(&created.stdout);
    assert!(printed.contains("cargo test"), "{printed}");
}

#[test]
fn a_checkout_that_is_not_one_is_refused() {
    let dir = temp_dir("not-a-checkout");
    let output = edge(&dir, &["new", "app", "--path", "."]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not an edge checkout"), "{stderr}");
    assert!(!dir.join("app").exists(), "nothing is written");
}

#[test]
fn bad_names_and_existing_directories_are_refused() {
    let dir = temp_dir("refusals");
    std::fs::create_dir_all(dir.join("taken")).expect("dir");
    for (name, expected) in [
        ("1app", "`1app` is not a valid app name"),
        ("my app", "`my app` is not a valid app name"),
        ("taken", "already exists: pick another name or remove it"),
    ] {
        let output = edge(&dir, &["new", name]);
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{name}: {stderr}");
    }
}
