//! Sizes, and the in-process latency of `GET /` through the same host
//! (`TestApp`: a fresh instance per request), in interleaved rounds so
//! every component sees the same machine state; split into instantiation
//! and the handler run.

use std::path::Path;
use std::time::{Duration, Instant};

use edge_harness::{ComponentInfo, Progress, TestApp, build_package};

use crate::stats::{micros, quantile};

const ROUNDS: usize = 20;
const PER_ROUND: usize = 500;
const WARM_UP: usize = 300;

/// The components every table compares: the floor first.
pub(crate) const SUBJECTS: [(&str, &str); 4] = [
    ("floor", "benches/floor"),
    ("sdk-hello", "benches/sdk-hello"),
    ("hello", "examples/hello"),
    ("flightpath", "examples/flightpath"),
];

#[derive(Default)]
struct Samples {
    total: Vec<Duration>,
    instantiate: Vec<Duration>,
    run: Vec<Duration>,
}

/// The SDK-only benches and every example, for the size table.
const SIZED: [&str; 13] = [
    "benches/sdk-hello",
    "benches/talk",
    "examples/hello",
    "examples/flightpath",
    "examples/ab-test",
    "examples/auth",
    "examples/markdown",
    "examples/proxy",
    "examples/cache-proxy",
    "examples/redirects",
    "examples/visits",
    "examples/html-rewrite",
    "examples/geo-ip",
];

/// The size of the floor and of every example, built with the release
/// (size) profile.
pub(crate) fn sizes(root: &Path) -> edge_harness::Result<()> {
    let floor =
        ComponentInfo::read(&build_package(root.join("benches/floor"), Progress::Quiet)?)?.size;
    println!("| component | bytes | vs floor |");
    println!("|---|---:|---:|");
    println!("| floor | {floor} | 1.00× |");
    for dir in SIZED {
        let wasm = build_package(root.join(dir), Progress::Quiet)?;
        let size = ComponentInfo::read(&wasm)?.size;
        println!("| {dir} | {size} | {:.2}× |", size as f64 / floor as f64);
    }
    Ok(())
}

pub(crate) fn run(root: &Path) -> edge_harness::Result<()> {
    let mut apps = Vec::new();
    for (name, dir) in SUBJECTS {
        let wasm = build_package(root.join(dir), Progress::Quiet)?;
        apps.push((name, TestApp::from_file(&wasm)?));
    }

    for (_, app) in &apps {
        for _ in 0..WARM_UP {
            app.get("/").send()?;
        }
    }
    let mut samples: Vec<Samples> = apps.iter().map(|_| Samples::default()).collect();
    for _ in 0..ROUNDS {
        for (i, (_, app)) in apps.iter().enumerate() {
            for _ in 0..PER_ROUND {
                let start = Instant::now();
                let res = app.get("/").send()?;
                samples[i].total.push(start.elapsed());
                assert_eq!(res.status(), 200);
                samples[i].instantiate.push(res.timing().instantiate);
                samples[i].run.push(res.timing().run);
            }
        }
    }

    println!(
        "in-process GET / with a fresh instance, {ROUNDS} interleaved rounds × {PER_ROUND} requests:"
    );
    println!("| component | p50 | p99 | p50 vs floor | instantiate p50 | handle p50 |");
    println!("|---|---:|---:|---:|---:|---:|");
    let mut floor_p50 = Duration::ZERO;
    for ((name, _), mut s) in apps.iter().zip(samples) {
        let p50 = quantile(&mut s.total, 0.5);
        let p99 = quantile(&mut s.total, 0.99);
        if *name == "floor" {
            floor_p50 = p50;
        }
        println!(
            "| {name} | {} | {} | {:.2}× | {} | {} |",
            micros(p50),
            micros(p99),
            p50.as_secs_f64() / floor_p50.as_secs_f64(),
            micros(quantile(&mut s.instantiate, 0.5)),
            micros(quantile(&mut s.run, 0.5)),
        );
    }
    Ok(())
}
