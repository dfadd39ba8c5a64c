//! The same apps built for WASI 0.2 and for 0.3 (`edge build --wasi`):
//! size, in-process latency, and `edge serve` throughput and latency
//! against `wasmtime serve` 48 on the same file, in one run. `wasmtime
//! serve` reuses a 0.3 instance for up to 128 requests by default; it is
//! measured so and with reuse off (`--max-instance-reuse-count 1`);
//! `edge serve` with its default (a fresh instance per request) and, for
//! 0.3, with `--instance-reuse 128`. `proxy` asks a keep-alive origin on
//! loopback.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use edge_harness::build::AppBuild;
use edge_harness::runtime::WasiHttpVersion;
use edge_harness::{ComponentInfo, TestApp};

use crate::serve::{self, Figures, Running};
use crate::stats::{micros, quantile};

const APPS: [(&str, &str); 3] = [
    ("hello", "examples/hello"),
    ("flightpath", "examples/flightpath"),
    ("proxy", "examples/proxy"),
];

const VERSIONS: [WasiHttpVersion; 2] = [WasiHttpVersion::P2, WasiHttpVersion::P3];

const ROUNDS: usize = 10;
const PER_ROUND: usize = 300;
const WARM_UP: usize = 200;

/// One app built for one version.
struct Build {
    app: &'static str,
    version: WasiHttpVersion,
    component: PathBuf,
}

pub(crate) fn run(root: &Path) -> edge_harness::Result<()> {
    let origin = crate::origin::start()?;
    let origin_url = format!("http://{origin}");
    let mut builds = Vec::new();
    for (app, dir) in APPS {
        for version in VERSIONS {
            let built = AppBuild::new(root.join(dir)).wasi(version).run()?;
            builds.push(Build {
                app,
                version,
                component: built.component,
            });
        }
    }
    sizes(&builds)?;
    in_process(&builds, &origin, &origin_url)?;
    served(root, &builds, &origin, &origin_url)
}

fn sizes(builds: &[Build]) -> edge_harness::Result<()> {
    println!("| app | 0.2 bytes | 0.3 bytes | 0.3 vs 0.2 |");
    println!("|---|---:|---:|---:|");
    for pair in builds.chunks(2) {
        let p2 = ComponentInfo::read(&pair[0].component)?.size;
        let p3 = ComponentInfo::read(&pair[1].component)?.size;
        println!(
            "| {} | {p2} | {p3} | {:.2}× |",
            pair[0].app,
            p3 as f64 / p2 as f64
        );
    }
    println!();
    Ok(())
}

fn in_process(builds: &[Build], origin: &str, origin_url: &str) -> edge_harness::Result<()> {
    let mut apps = Vec::new();
    for build in builds {
        let app = TestApp::builder()
            .config("origin", origin_url)
            .allow_host(origin)
            .file(&build.component)?;
        for _ in 0..WARM_UP {
            app.get("/").send()?;
        }
        apps.push(app);
    }
    let mut samples: Vec<Vec<Duration>> = builds.iter().map(|_| Vec::new()).collect();
    for _ in 0..ROUNDS {
        for (app, samples) in apps.iter().zip(&mut samples) {
            for _ in 0..PER_ROUND {
                let start = Instant::now();
                let res = app.get("/").send()?;
                samples.push(start.elapsed());
                assert_eq!(res.status(), 200, "{}", res.text());
            }
        }
    }
    println!(
        "in-process GET / with a fresh instance, {ROUNDS} interleaved rounds × {PER_ROUND} requests:"
    );
    println!("| app | 0.2 p50 | 0.3 p50 | 0.3 vs 0.2 |");
    println!("|---|---:|---:|---:|");
    for (pair, samples) in builds.chunks(2).zip(samples.chunks_mut(2)) {
        let p2 = quantile(&mut samples[0], 0.5);
        let p3 = quantile(&mut samples[1], 0.5);
        println!(
            "| {} | {} | {} | {:.2}× |",
            pair[0].app,
            micros(p2),
            micros(p3),
            p3.as_secs_f64() / p2.as_secs_f64()
        );
    }
    println!();
    Ok(())
}

fn served(
    root: &Path,
    builds: &[Build],
    origin: &str,
    origin_url: &str,
) -> edge_harness::Result<()> {
    let edge = serve::edge_binary(root)?;
    let wasmtime = serve::has("wasmtime");
    if !wasmtime {
        println!("wasmtime not on the PATH: edge serve only (install wasmtime-cli 48 to compare)");
    }
    serve::pin_load();
    println!(
        "| server | app | WASI | req/s, 32 conns | p50, 1 conn | req/s vs wasmtime, no reuse |"
    );
    println!("|---|---|---|---:|---:|---:|");
    let config = format!("origin={origin_url}");
    for build in builds {
        let edge_flags = ["--config", &config, "--allow-outbound", origin];
        let ours = serve::measure(&serve::start_edge_with(
            &edge,
            &build.component,
            &edge_flags,
        )?)?;
        let ours_reused = if build.version == WasiHttpVersion::P3 {
            let mut flags = edge_flags.to_vec();
            flags.extend(["--instance-reuse", "128"]);
            let server = serve::start_edge_with(&edge, &build.component, &flags)?;
            Some(serve::measure(&server)?)
        } else {
            None
        };
        let mut rows: Vec<(&str, Figures)> = Vec::new();
        if wasmtime {
            let config_var = format!("config-var={config}");
            let flags = [
                "-S",
                "config",
                "-S",
                &config_var,
                "--max-instance-reuse-count",
                "1",
            ];
            rows.push(("wasmtime serve, no reuse", measure_wasmtime(build, &flags)?));
            if build.version == WasiHttpVersion::P3 {
                let flags = ["-S", "config", "-S", &config_var];
                rows.push((
                    "wasmtime serve, reuse (default)",
                    measure_wasmtime(build, &flags)?,
                ));
            }
        }
        let baseline = rows.first().map(|(_, f)| f.per_second);
        let version = match build.version {
            WasiHttpVersion::P2 => "0.2",
            _ => "0.3",
        };
        let ratio = |x: f64| baseline.map_or("–".to_owned(), |b| format!("{:.2}×", x / b));
        rows.push(("edge serve", ours));
        if let Some(reused) = ours_reused {
            rows.push(("edge serve, --instance-reuse 128", reused));
        }
        for (server, figures) in &rows {
            println!(
                "| {server} | {} | {version} | {:.0} | {} | {} |",
                build.app,
                figures.per_second,
                micros(figures.p50_one),
                ratio(figures.per_second)
            );
        }
    }
    Ok(())
}

fn measure_wasmtime(build: &Build, flags: &[&str]) -> edge_harness::Result<Figures> {
    let server: Running = serve::start_wasmtime_with(&build.component, flags)?;
    serve::measure(&server)
}
