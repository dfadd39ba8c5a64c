//! Build-time pre-initialization: the in-process latency (split into
//! instantiation and the handler run) and the size of the apps that build
//! their state once, with and without pre-initialization, beside
//! `benches/sdk-hello`, in interleaved rounds of one run.

use std::path::Path;
use std::time::{Duration, Instant};

use edge_harness::build::AppBuild;
use edge_harness::{ComponentInfo, TestApp};

use crate::stats::{micros, quantile};

const ROUNDS: usize = 20;
const PER_ROUND: usize = 200;
const WARM_UP: usize = 100;

/// The apps that build their state once, and the request each is timed on.
const SUBJECTS: [(&str, &str, &str); 2] = [
    ("flightpath", "examples/flightpath", "/"),
    // The first address of range 5,000 (each range starts its slot).
    ("geo-ip", "examples/geo-ip", "/?ip=127.255.242.193"),
];

struct Subject {
    name: String,
    target: &'static str,
    app: TestApp,
    size: u64,
    total: Vec<Duration>,
    instantiate: Vec<Duration>,
    run: Vec<Duration>,
}

impl Subject {
    fn new(name: String, target: &'static str, wasm: &Path) -> edge_harness::Result<Self> {
        Ok(Self {
            name,
            target,
            app: TestApp::from_file(wasm)?,
            size: ComponentInfo::read(wasm)?.size,
            total: Vec::new(),
            instantiate: Vec::new(),
            run: Vec::new(),
        })
    }

    fn sample(&mut self) -> edge_harness::Result<()> {
        let start = Instant::now();
        let res = self.app.get(self.target).send()?;
        self.total.push(start.elapsed());
        if res.status() != 200 {
            return Err(edge_harness::Error::msg(format!(
                "{} answered {} to {}: {}",
                self.name,
                res.status(),
                self.target,
                res.text()
            )));
        }
        self.instantiate.push(res.timing().instantiate);
        self.run.push(res.timing().run);
        Ok(())
    }
}

pub(crate) fn run(root: &Path) -> edge_harness::Result<()> {
    let hello = AppBuild::new(root.join("benches/sdk-hello")).run()?;
    let mut subjects = vec![Subject::new("sdk-hello".into(), "/", &hello.component)?];
    for (name, dir, target) in SUBJECTS {
        let plain = AppBuild::new(root.join(dir)).preinit(false).run()?;
        let shipped = AppBuild::new(root.join(dir)).run()?;
        if shipped.preinit.is_none() {
            return Err(edge_harness::Error::msg(format!(
                "{dir} declares no state built once"
            )));
        }
        subjects.push(Subject::new(
            format!("{name} per request"),
            target,
            &plain.component,
        )?);
        subjects.push(Subject::new(
            format!("{name} pre-initialized"),
            target,
            &shipped.component,
        )?);
    }

    for subject in &mut subjects {
        for _ in 0..WARM_UP {
            subject.sample()?;
        }
        subject.total.clear();
        subject.instantiate.clear();
        subject.run.clear();
    }
    for _ in 0..ROUNDS {
        for subject in &mut subjects {
            for _ in 0..PER_ROUND {
                subject.sample()?;
            }
        }
    }

    println!(
        "in-process GET with a fresh instance, {ROUNDS} interleaved rounds × {PER_ROUND} requests:"
    );
    println!("| component | bytes | p50 | p99 | p50 vs sdk-hello | instantiate p50 | handle p50 |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let mut p50s = Vec::new();
    for subject in &mut subjects {
        let p50 = quantile(&mut subject.total, 0.5);
        p50s.push(p50);
        println!(
            "| {} | {} | {} | {} | {:.2}× | {} | {} |",
            subject.name,
            subject.size,
            micros(p50),
            micros(quantile(&mut subject.total, 0.99)),
            p50.as_secs_f64() / p50s[0].as_secs_f64(),
            micros(quantile(&mut subject.instantiate, 0.5)),
            micros(quantile(&mut subject.run, 0.5)),
        );
    }
    println!();
    for (i, (name, _, _)) in SUBJECTS.iter().enumerate() {
        let (plain, shipped) = (1 + 2 * i, 2 + 2 * i);
        println!(
            "- {name}: pre-initialized p50 is {:.1}× faster than per request; size {:+.1}%",
            p50s[plain].as_secs_f64() / p50s[shipped].as_secs_f64(),
            (subjects[shipped].size as f64 / subjects[plain].size as f64 - 1.0) * 100.0
        );
    }
    Ok(())
}
