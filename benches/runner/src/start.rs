//! The start part (`-- start`): how long `edge serve` takes from its start
//! to listening, for a small and a large component, compiled afresh (an
//! empty compiled cache each time) and from the compiled cache on disk.
//!
//! The large one is the test programs built without optimization (the
//! biggest component this workspace makes); the small one is
//! `examples/hello`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use edge_harness::{ComponentInfo, Progress, build_package};

use crate::stats::quantile;

const COLD: usize = 3;
const CACHED: usize = 7;

pub(crate) fn run(root: &Path) -> edge_harness::Result<()> {
    let edge = crate::serve::edge_binary(root)?;
    let components = [
        (
            "`examples/hello` (release)",
            build_package(root.join("examples/hello"), Progress::Quiet)?,
        ),
        (
            "test programs (debug build)",
            unoptimized_test_programs(root)?,
        ),
    ];
    let dir = std::env::temp_dir().join(format!("edge-bench-start-{}", std::process::id()));
    println!("`edge serve` (host profile), from its start to `listening on`, median:");
    println!("| component | size | compiled afresh | from the compiled cache | ratio |");
    println!("|---|---:|---:|---:|---:|");
    for (name, component) in components {
        let size = ComponentInfo::read(&component)?.size;
        let mut cold = Vec::new();
        for run in 0..COLD {
            let fresh = dir.join(format!("cold-{run}"));
            cold.push(time_to_listen(&edge, &component, &fresh)?);
        }
        let kept = dir.join("kept");
        time_to_listen(&edge, &component, &kept)?;
        let mut cached = Vec::new();
        for _ in 0..CACHED {
            cached.push(time_to_listen(&edge, &component, &kept)?);
        }
        let (cold, cached) = (quantile(&mut cold, 0.5), quantile(&mut cached, 0.5));
        println!(
            "| {name} | {:.1} MB | {} | {} | {:.1}× |",
            size as f64 / 1e6,
            millis(cold),
            millis(cached),
            cold.as_secs_f64() / cached.as_secs_f64()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn millis(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// The test programs built by cargo's dev profile for `wasm32-wasip2`.
fn unoptimized_test_programs(root: &Path) -> edge_harness::Result<PathBuf> {
    let target = root.join("target/edge-wasm");
    let built = crate::cargo()
        .args(["build", "-q", "--target", edge_harness::WASM_TARGET])
        .args(["-p", "edge-test-programs", "--target-dir"])
        .arg(&target)
        .current_dir(root)
        .status()?;
    if !built.success() {
        return Err(edge_harness::Error::msg(
            "building the test programs failed",
        ));
    }
    Ok(target.join(format!(
        "{}/debug/edge_test_programs.wasm",
        edge_harness::WASM_TARGET
    )))
}

/// Starts `edge serve` with its compiled cache in `cache`, waits for its
/// `listening on` line, and stops it.
fn time_to_listen(edge: &Path, component: &Path, cache: &Path) -> edge_harness::Result<Duration> {
    std::fs::create_dir_all(cache)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(cache, std::fs::Permissions::from_mode(0o700))?;
    }
    let start = Instant::now();
    let mut child = Command::new(edge)
        .arg("serve")
        .arg(component)
        .args(["--listen", "127.0.0.1:0", "--kv-memory"])
        .env("EDGE_CACHE_DIR", cache)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let listening = crate::serve::listening_address(&mut child);
    let took = start.elapsed();
    let _ = child.kill();
    let _ = child.wait();
    listening.map(|_| took)
}
