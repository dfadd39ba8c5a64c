//! What plugins cost: `examples/flightpath` alone and with the shipped
//! plugins composed in front (`plugins/`), in-process latency of `GET /`
//! in interleaved rounds, and the composed component's size against the
//! sum of its parts.

use std::path::Path;
use std::time::{Duration, Instant};

use edge_harness::{Progress, TestApp, build_package};

use crate::stats::{micros, quantile};

const ROUNDS: usize = 20;
const PER_ROUND: usize = 300;
const WARM_UP: usize = 300;

/// Each subject: a name and its plugins, in request order.
const SUBJECTS: [(&str, &[&str]); 7] = [
    ("flightpath", &[]),
    // What any plugin costs: the probe passes every request at once.
    ("+ probe (passes)", &["plugins/probe"]),
    ("+ waf", &["plugins/waf"]),
    ("+ auth", &["plugins/auth"]),
    ("+ rate-limit", &["plugins/rate-limit"]),
    ("+ auth, waf", &["plugins/auth", "plugins/waf"]),
    (
        "+ rate-limit, auth, waf",
        &["plugins/rate-limit", "plugins/auth", "plugins/waf"],
    ),
];

pub(crate) fn run(root: &Path) -> edge_harness::Result<()> {
    let mut apps = Vec::new();
    for (name, plugins) in SUBJECTS {
        let mut builder = TestApp::builder()
            .without_manifest()
            .config("auth.token", "bench-token")
            .config("rate-limit.requests", "1000000000");
        for plugin in plugins {
            builder = builder.plugin(root.join(plugin));
        }
        apps.push((
            name,
            plugins,
            builder.package(root.join("examples/flightpath"))?,
        ));
    }
    let send = |app: &TestApp| {
        app.get("/")
            .header("authorization", "Bearer bench-token")
            .header("x-forwarded-for", "192.0.2.1")
            .header(
                "user-agent",
                "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Firefox/128.0",
            )
            .send()
    };
    for (_, _, app) in &apps {
        for _ in 0..WARM_UP {
            send(app)?;
        }
    }
    // Per subject: the total, the instantiation and the guests' run.
    let mut samples: Vec<[Vec<Duration>; 3]> = apps.iter().map(|_| Default::default()).collect();
    for _ in 0..ROUNDS {
        for (i, (_, _, app)) in apps.iter().enumerate() {
            for _ in 0..PER_ROUND {
                let start = Instant::now();
                let res = send(app)?;
                samples[i][0].push(start.elapsed());
                assert_eq!(res.status(), 200, "{}", res.stderr());
                samples[i][1].push(res.timing().instantiate);
                samples[i][2].push(res.timing().run);
            }
        }
    }

    println!(
        "in-process GET / with a fresh instance, {ROUNDS} interleaved rounds × {PER_ROUND} requests:"
    );
    println!(
        "| component | p50 | p99 | p50 vs flightpath | instantiate p50 | handle p50 | bytes | \
         sum of parts | size vs parts |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut alone_p50 = Duration::ZERO;
    let mut app_size = 0;
    for ((name, plugins, app), [mut total, mut instantiate, mut run]) in apps.iter().zip(samples) {
        let p50 = quantile(&mut total, 0.5);
        let p99 = quantile(&mut total, 0.99);
        let size = app.size() as u64;
        if plugins.is_empty() {
            alone_p50 = p50;
            app_size = size;
        }
        let mut parts = app_size;
        for plugin in *plugins {
            parts += std::fs::metadata(build_package(root.join(plugin), Progress::Quiet)?)?.len();
        }
        println!(
            "| {name} | {} | {} | {:.2}× | {} | {} | {size} | {parts} | {:+.1}% |",
            micros(p50),
            micros(p99),
            p50.as_secs_f64() / alone_p50.as_secs_f64(),
            micros(quantile(&mut instantiate, 0.5)),
            micros(quantile(&mut run, 0.5)),
            (size as f64 / parts as f64 - 1.0) * 100.0,
        );
    }
    Ok(())
}
