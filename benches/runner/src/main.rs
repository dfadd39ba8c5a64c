//! The benchmark runner:
//! `cargo run --profile host -p edge-benches` (see BENCHMARKS.md).
//!
//! Builds the floor (a raw `wasi:http` hello-world), `examples/hello` and
//! `examples/flightpath`; reports their sizes; then measures the in-process
//! latency of `GET /` on each through the same host (`TestApp`: a fresh
//! instance per request), in interleaved rounds so all three see the same
//! machine state, and reports p50 and p99 and the ratios to the floor.

use std::path::Path;
use std::time::{Duration, Instant};

use edge_harness::{ComponentInfo, Progress, TestApp, build_package};

const ROUNDS: usize = 20;
const PER_ROUND: usize = 500;
const WARM_UP: usize = 300;

fn main() -> edge_harness::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let subjects = [
        ("floor", "benches/floor"),
        ("hello", "examples/hello"),
        ("flightpath", "examples/flightpath"),
    ];

    println!("| component | bytes | vs floor |");
    println!("|---|---:|---:|");
    let mut apps = Vec::new();
    let mut floor_size = 0;
    for (name, dir) in subjects {
        let wasm = build_package(root.join(dir), Progress::Quiet)?;
        let size = ComponentInfo::read(&wasm)?.size;
        if name == "floor" {
            floor_size = size;
        }
        println!(
            "| {name} | {size} | {:.2}× |",
            size as f64 / floor_size as f64
        );
        apps.push((name, TestApp::from_file(&wasm)?));
    }

    for (_, app) in &apps {
        for _ in 0..WARM_UP {
            app.get("/").send()?;
        }
    }
    let mut samples: Vec<Vec<Duration>> = vec![Vec::with_capacity(ROUNDS * PER_ROUND); apps.len()];
    for _ in 0..ROUNDS {
        for (i, (_, app)) in apps.iter().enumerate() {
            for _ in 0..PER_ROUND {
                let start = Instant::now();
                let res = app.get("/").send()?;
                samples[i].push(start.elapsed());
                assert_eq!(res.status(), 200);
            }
        }
    }

    println!();
    println!(
        "in-process GET / with a fresh instance, {ROUNDS} interleaved rounds × {PER_ROUND} requests:"
    );
    println!("| component | p50 | p99 | p50 vs floor |");
    println!("|---|---:|---:|---:|");
    let mut floor_p50 = Duration::ZERO;
    for ((name, _), mut times) in apps.iter().zip(samples) {
        times.sort();
        let p50 = times[times.len() / 2];
        let p99 = times[times.len() * 99 / 100];
        if *name == "floor" {
            floor_p50 = p50;
        }
        println!(
            "| {name} | {:.1} µs | {:.1} µs | {:.2}× |",
            p50.as_secs_f64() * 1e6,
            p99.as_secs_f64() * 1e6,
            p50.as_secs_f64() / floor_p50.as_secs_f64()
        );
    }
    Ok(())
}
