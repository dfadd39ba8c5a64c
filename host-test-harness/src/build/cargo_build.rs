//! Building an app package into a `wasm32-wasip2` component with cargo.

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, PoisonError};

use anyhow::{Context as _, bail};

/// The target every edge app is built for.
pub const WASM_TARGET: &str = "wasm32-wasip2";

/// Whether cargo's progress goes to the terminal or is kept for errors only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Cargo's output is shown as it builds (`edge serve`, `edge build`).
    Show,
    /// Cargo's output is shown only if the build fails (tests).
    Quiet,
}

/// The cargo builds of this process, by manifest and features.
type Builds = HashMap<(PathBuf, Vec<String>), Result<PathBuf, String>>;
static BUILT: Mutex<Option<Builds>> = Mutex::new(None);

/// Builds the Cargo package in `dir` for `wasm32-wasip2` (release profile)
/// and returns the path of the component to ship: pre-initialized when the
/// app declares state built once (see [`AppBuild`](super::AppBuild), which
/// also sets features and turns pre-initialization off).
///
/// The build goes to `<target dir>/edge-wasm`, apart from the target dir of a
/// `cargo test` that may be running, so the two never wait on each other's
/// lock. Each package is built once per process; later calls return the
/// first result.
///
/// ```no_run
/// let wasm = edge_harness::build_package("examples/hello", edge_harness::Progress::Show)?;
/// println!("built {}", wasm.display());
/// # Ok::<(), edge_harness::Error>(())
/// ```
pub fn build_package(dir: impl AsRef<Path>, progress: Progress) -> anyhow::Result<PathBuf> {
    Ok(super::AppBuild::new(dir)
        .progress(progress)
        .run()?
        .component)
}

/// Builds the package in `dir` again, whatever this process built before
/// (`edge serve --watch` after an edit); later [`build_package`] calls
/// return this build.
///
/// # Errors
///
/// As [`build_package`]: no package, no target, or the build failed (the
/// error holds cargo's output when `progress` is [`Progress::Quiet`]).
pub fn rebuild_package(dir: impl AsRef<Path>, progress: Progress) -> anyhow::Result<PathBuf> {
    Ok(super::AppBuild::new(dir)
        .progress(progress)
        .rerun()?
        .component)
}

/// Cargo's component for the package in `dir` with `features`: built once
/// per process, or again when `again`.
pub(super) fn cargo_component(
    dir: &Path,
    features: &[String],
    progress: Progress,
    again: bool,
) -> anyhow::Result<PathBuf> {
    let manifest = dir.join("Cargo.toml");
    if !manifest.is_file() {
        bail!(
            "{} is not a Cargo package: it has no Cargo.toml (pass the app's directory, or a .wasm file)",
            dir.display()
        );
    }
    let manifest = manifest.canonicalize()?;
    let mut features = features.to_vec();
    features.sort();
    let key = (manifest.clone(), features.clone());
    let mut built = BUILT.lock().unwrap_or_else(PoisonError::into_inner);
    let built = built.get_or_insert_with(HashMap::new);
    if again {
        built.remove(&key);
    }
    let result = built.entry(key).or_insert_with(|| {
        build_uncached(&manifest, &features, progress).map_err(|e| format!("{e:#}"))
    });
    result.clone().map_err(anyhow::Error::msg)
}

fn build_uncached(
    manifest: &Path,
    features: &[String],
    progress: Progress,
) -> anyhow::Result<PathBuf> {
    ensure_target_installed()?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    // Builds with features go apart: cargo writes every feature set to the
    // same file, and the default build's file must stay what it built.
    let target_dir = target_dir(&cargo, manifest)?.join(if features.is_empty() {
        "edge-wasm"
    } else {
        "edge-wasm-features"
    });

    let mut command = Command::new(&cargo);
    command
        // In the app's folder, so that its own `.cargo/config.toml` (the
        // target directory `edge new` shares, say) applies.
        .current_dir(manifest.parent().unwrap_or(Path::new(".")))
        .args(["build", "--release", "--target", WASM_TARGET])
        .arg("--manifest-path")
        .arg(manifest)
        .arg("--target-dir")
        .arg(&target_dir)
        .args(features_args(features))
        .arg("--message-format=json-render-diagnostics")
        .stdout(Stdio::piped());
    command.stderr(match progress {
        Progress::Show => Stdio::inherit(),
        Progress::Quiet => Stdio::piped(),
    });
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot run cargo ({})", cargo.to_string_lossy()))?;
    // Cargo's own messages: kept for an error, and each crate it compiles
    // shown as it goes, so a first build of minutes is not silent.
    let messages = child.stderr.take().map(|stderr| {
        std::thread::spawn(move || {
            let mut kept = String::new();
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.trim_start().starts_with("Compiling ") {
                    // Straight to the terminal: a test's output capture
                    // would hide it until the test ends.
                    let _ = writeln!(std::io::stderr(), "edge-harness: {}", line.trim());
                }
                kept.push_str(&line);
                kept.push('\n');
            }
            kept
        })
    });
    let output = child.wait_with_output().context("cargo did not finish")?;
    let messages = messages
        .and_then(|thread| thread.join().ok())
        .unwrap_or_default();
    if !output.status.success() {
        bail!(
            "building {} for {WASM_TARGET} failed:\n{messages}",
            manifest.display(),
        );
    }
    let artifact = component_artifact(&output.stdout, manifest)?;
    if features.is_empty() {
        return Ok(artifact);
    }
    // Each feature set to a file of its own, so an earlier build's path
    // still holds what it built.
    // (`edge/p3` names a dependency's feature: no `/` in a file name.)
    let kept = artifact.with_extension(format!("{}.wasm", features.join("+").replace('/', "-")));
    std::fs::copy(&artifact, &kept)
        .with_context(|| format!("cannot copy {} to {}", artifact.display(), kept.display()))?;
    Ok(kept)
}

/// `--features a,b`, or nothing for the default features.
fn features_args(features: &[String]) -> Vec<String> {
    if features.is_empty() {
        Vec::new()
    } else {
        vec!["--features".to_owned(), features.join(",")]
    }
}

/// Fails with the fix when the `wasm32-wasip2` standard library is missing.
fn ensure_target_installed() -> anyhow::Result<()> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    ensure_target_installed_with(&rustc)
}

fn ensure_target_installed_with(rustc: &std::ffi::OsStr) -> anyhow::Result<()> {
    let output = Command::new(rustc)
        .args(["--print", "target-libdir", "--target", WASM_TARGET])
        .output()
        .with_context(|| format!("cannot run {}", rustc.to_string_lossy()))?;
    let libdir = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if !output.status.success() || libdir.is_empty() || !Path::new(&libdir).is_dir() {
        bail!(
            "the Rust target `{WASM_TARGET}` is not installed, so the app cannot be built: \
             run `rustup target add {WASM_TARGET}`"
        );
    }
    Ok(())
}

/// The workspace's target directory, as cargo itself reports it.
fn target_dir(cargo: &std::ffi::OsStr, manifest: &Path) -> anyhow::Result<PathBuf> {
    metadata(cargo, manifest)?["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .context("`cargo metadata` reported no target directory")
}

/// The cargo feature that builds the package in `dir` for WASI 0.3: the
/// package's own `p3` feature if it has one (which turns the SDK's on, and
/// lets the package's code tell the builds apart), else the edge SDK's
/// `p3`, under the name the package gives the SDK (`edge/p3`).
///
/// # Errors
///
/// When the package does not depend on the edge SDK (`edge-sdk`): only the
/// SDK knows how to build for either version.
pub(crate) fn p3_feature(dir: &Path) -> anyhow::Result<String> {
    let manifest = dir.join("Cargo.toml");
    let manifest = manifest.canonicalize().with_context(|| {
        format!(
            "{} is not a Cargo package: it has no Cargo.toml",
            dir.display()
        )
    })?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let metadata = metadata(&cargo, &manifest)?;
    let package = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["manifest_path"].as_str().map(Path::new) == Some(manifest.as_path()));
    if package.is_some_and(|p| p["features"]["p3"].is_array()) {
        return Ok("p3".to_owned());
    }
    let sdk = package
        .and_then(|p| p["dependencies"].as_array())
        .into_iter()
        .flatten()
        .find(|d| d["name"] == "edge-sdk" && d["kind"].is_null());
    let Some(sdk) = sdk else {
        bail!(
            "{} does not depend on the edge SDK (`edge-sdk`), so it cannot be built for WASI \
             0.3 here: the SDK's `p3` feature is what builds an app for 0.3 (a component built \
             by other tools can be served as a .wasm file)",
            manifest.display()
        );
    };
    let name = sdk["rename"].as_str().unwrap_or("edge-sdk");
    Ok(format!("{name}/p3"))
}

/// `cargo metadata` of the package at `manifest`, without its dependencies.
fn metadata(cargo: &std::ffi::OsStr, manifest: &Path) -> anyhow::Result<serde_json::Value> {
    let output = Command::new(cargo)
        .current_dir(manifest.parent().unwrap_or(Path::new(".")))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--manifest-path",
        ])
        .arg(manifest)
        .output()
        .context("cannot run `cargo metadata`")?;
    if !output.status.success() {
        bail!(
            "`cargo metadata` failed for {}:\n{}",
            manifest.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(serde_json::from_slice(&output.stdout)?)
}

/// Picks the `.wasm` that cargo reported for the package at `manifest`.
fn component_artifact(messages: &[u8], manifest: &Path) -> anyhow::Result<PathBuf> {
    let mut found = None;
    for line in messages.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let Ok(message) = serde_json::from_slice::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-artifact"
            || message["manifest_path"].as_str().map(Path::new) != Some(manifest)
        {
            continue;
        }
        let wasm = message["filenames"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f.as_str())
            .find(|f| f.ends_with(".wasm"));
        if let Some(wasm) = wasm {
            found = Some(PathBuf::from(wasm));
        }
    }
    found.with_context(|| {
        format!(
            "building {} produced no .wasm component: an edge app is a library with \
             `[lib] crate-type = [\"cdylib\"]` in its Cargo.toml",
            manifest.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in `rustc` whose `wasm32-wasip2` library directory is missing,
    /// as on a machine where the target was never added: `echo` answers
    /// `--print target-libdir` with its arguments, which name no folder.
    /// (A script written by the test would race with other tests forking:
    /// executing a file another child still holds open for writing fails.)
    #[test]
    fn a_missing_target_says_to_run_rustup() {
        let err = ensure_target_installed_with(std::ffi::OsStr::new("echo"))
            .expect_err("target is missing");
        assert!(
            err.to_string()
                .contains("run `rustup target add wasm32-wasip2`"),
            "{err}"
        );
    }

    #[test]
    fn the_installed_target_passes() {
        ensure_target_installed().expect("CI installs wasm32-wasip2 before testing");
    }
}
