//! The cache's part (`-- cache`): what `edge::cache` costs in size, and a
//! cache hit's and a miss's in-process latency beside `examples/hello`'s,
//! in interleaved rounds of one run.
//!
//! - size: `benches/pass-through` (forward every request with
//!   `edge::fetch`) built without and with its feature `cache` (the same
//!   through `edge::cache::fetch`);
//! - latency: `examples/cache-proxy` in front of a mock origin that
//!   answers in 1 ms (`max-age` of a day); a hit asks for `/` again and
//!   again, a miss for a new path each time (so every miss also stores,
//!   and the ring evicts once full);
//! - `examples/visits` beside them: three key-value calls per request, to
//!   show what a key-value call costs in this host;
//! - collapsed misses (`collapsed_misses`).

use std::path::Path;
use std::time::{Duration, Instant};

use edge_harness::{ComponentInfo, MockResponse, Progress, TestApp, build_package};

use crate::collapsed_misses;
use crate::stats::{micros, quantile};

const ROUNDS: usize = 10;
const PER_ROUND: usize = 200;
const WARM_UP: usize = 200;

pub(crate) fn run(root: &Path) -> edge_harness::Result<()> {
    sizes(root)?;
    println!();
    latency(root)?;
    collapsed_misses::run(&build_package(
        root.join("examples/cache-proxy"),
        Progress::Quiet,
    )?)
}

/// `benches/pass-through`'s size with and without the cache.
fn sizes(root: &Path) -> edge_harness::Result<()> {
    let plain = pass_through(root, false)?;
    let cached = pass_through(root, true)?;
    println!("| component | bytes |");
    println!("|---|---:|");
    println!("| pass-through, `edge::fetch` | {plain} |");
    println!("| pass-through, `edge::cache::fetch` | {cached} |");
    println!(
        "| **what the cache adds** | **{}** ({:.1} KB) |",
        cached - plain,
        (cached - plain) as f64 / 1000.0
    );
    Ok(())
}

fn pass_through(root: &Path, cache: bool) -> edge_harness::Result<u64> {
    let target = root.join("target/edge-wasm");
    let mut cargo = crate::cargo();
    cargo
        .args([
            "build",
            "-q",
            "--release",
            "--target",
            edge_harness::WASM_TARGET,
        ])
        .args(["-p", "pass-through", "--target-dir"])
        .arg(&target)
        .current_dir(root);
    if cache {
        cargo.args(["--features", "cache"]);
    }
    if !cargo.status()?.success() {
        return Err(edge_harness::Error::msg(
            "building benches/pass-through failed",
        ));
    }
    let wasm = target.join(format!(
        "{}/release/pass_through.wasm",
        edge_harness::WASM_TARGET
    ));
    Ok(ComponentInfo::read(&wasm)?.size)
}

fn latency(root: &Path) -> edge_harness::Result<()> {
    let hello = TestApp::from_file(build_package(root.join("examples/hello"), Progress::Quiet)?)?;
    let proxy = build_package(root.join("examples/cache-proxy"), Progress::Quiet)?;
    let behind_origin = || {
        TestApp::builder()
            .config("origin", "https://origin.example.com")
            .mock("origin.example.com", |_| {
                MockResponse::text("Hello World")
                    .header("cache-control", "max-age=86400")
                    .delay(Duration::from_millis(1))
            })
            .file(&proxy)
    };
    let visits = TestApp::from_file(build_package(
        root.join("examples/visits"),
        Progress::Quiet,
    )?)?;
    let hit = behind_origin()?;
    let miss = behind_origin()?;
    let subjects: [(&str, &TestApp, Option<&str>); 4] = [
        ("hello", &hello, None),
        ("visits", &visits, None),
        ("cache hit", &hit, Some("HIT")),
        ("cache miss (origin 1 ms)", &miss, Some("MISS")),
    ];

    let mut next_path = 0u64;
    let mut send = |name: &str, app: &TestApp, expected: Option<&str>| {
        let target = if name.starts_with("cache miss") {
            next_path += 1;
            format!("/miss/{next_path}")
        } else {
            "/".to_owned()
        };
        let start = Instant::now();
        let res = app.get(&target).send()?;
        let took = start.elapsed();
        let timing = res.timing();
        if res.status() != 200 || (expected.is_some() && res.header("x-cache") != expected) {
            return Err(edge_harness::Error::msg(format!(
                "{name}: status {}, x-cache {:?}: {}",
                res.status(),
                res.header("x-cache"),
                res.stderr()
            )));
        }
        Ok::<[Duration; 3], edge_harness::Error>([took, timing.instantiate, timing.run])
    };

    for (name, app, _) in subjects {
        // The first request to `/` stores it: every later one is a hit.
        for _ in 0..WARM_UP {
            send(name, app, None)?;
        }
    }
    let mut samples: Vec<[Vec<Duration>; 3]> =
        subjects.iter().map(|_| Default::default()).collect();
    for _ in 0..ROUNDS {
        for (i, (name, app, expected)) in subjects.iter().enumerate() {
            for _ in 0..PER_ROUND {
                let [total, instantiate, run] = send(name, app, *expected)?;
                samples[i][0].push(total);
                samples[i][1].push(instantiate);
                samples[i][2].push(run);
            }
        }
    }

    println!(
        "in-process GET with a fresh instance, {ROUNDS} interleaved rounds × {PER_ROUND} requests:"
    );
    println!("| subject | p50 | p99 | p50 vs hello | instantiate p50 | handle p50 |");
    println!("|---|---:|---:|---:|---:|---:|");
    let p50s: Vec<Duration> = samples
        .iter_mut()
        .map(|s| quantile(&mut s[0], 0.5))
        .collect();
    for ((name, _, _), (s, p50)) in subjects.iter().zip(samples.iter_mut().zip(&p50s)) {
        println!(
            "| {name} | {} | {} | {:.2}× | {} | {} |",
            micros(*p50),
            micros(quantile(&mut s[0], 0.99)),
            p50.as_secs_f64() / p50s[0].as_secs_f64(),
            micros(quantile(&mut s[1], 0.5)),
            micros(quantile(&mut s[2], 0.5)),
        );
    }
    println!(
        "\nhit p50 / hello p50 = {:.2} (goal ≤ 1.5); miss p50 / hit p50 = {:.1} (goal ≥ 5)",
        p50s[2].as_secs_f64() / p50s[0].as_secs_f64(),
        p50s[3].as_secs_f64() / p50s[2].as_secs_f64()
    );
    Ok(())
}
