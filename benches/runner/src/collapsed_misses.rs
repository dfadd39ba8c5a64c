//! Collapsed misses (in the cache's part): 20 concurrent misses for one
//! new URL through `examples/cache-proxy`, in front of a mock origin that
//! answers in 20 ms, against one miss alone in the same run: how many
//! origin requests the 20 cost, and how long the leader and its followers
//! take.

use std::path::Path;
use std::time::{Duration, Instant};

use edge_harness::{MockResponse, TestApp};

use crate::stats::{micros, quantile};

const ROUNDS: usize = 10;
const CONCURRENT: usize = 20;
const ORIGIN: &str = "origin.example.com";

pub(crate) fn run(proxy: &Path) -> edge_harness::Result<()> {
    let app = TestApp::builder()
        .config("origin", format!("https://{ORIGIN}"))
        .mock(ORIGIN, |_| {
            MockResponse::text("Hello World")
                .header("cache-control", "max-age=86400")
                .delay(Duration::from_millis(20))
        })
        .file(proxy)?;
    let (mut alone, mut leaders, mut followers) = (Vec::new(), Vec::new(), Vec::new());
    let mut origin_requests = Vec::new();
    for round in 0..ROUNDS {
        let start = Instant::now();
        let res = app.get(&format!("/alone/{round}")).send()?;
        alone.push(start.elapsed());
        check(&res)?;

        let before = app.outbound_count(ORIGIN);
        let path = format!("/popular/{round}");
        let answers: Vec<edge_harness::Result<(Duration, bool)>> = std::thread::scope(|s| {
            let sent: Vec<_> = (0..CONCURRENT)
                .map(|_| {
                    s.spawn(|| {
                        let start = Instant::now();
                        let res = app.get(&path).send()?;
                        let took = start.elapsed();
                        check(&res)?;
                        let collapsed = res
                            .header("cache-status")
                            .is_some_and(|s| s.contains("collapsed"));
                        Ok((took, collapsed))
                    })
                })
                .collect();
            sent.into_iter()
                .map(|h| h.join().expect("a request thread panicked"))
                .collect()
        });
        for answer in answers {
            let (took, collapsed) = answer?;
            if collapsed {
                followers.push(took);
            } else {
                leaders.push(took);
            }
        }
        origin_requests.push(app.outbound_count(ORIGIN) - before);
    }
    let mean = origin_requests.iter().sum::<usize>() as f64 / ROUNDS as f64;
    let lone = quantile(&mut alone, 0.5);
    println!(
        "\ncollapsed misses: {ROUNDS} rounds of {CONCURRENT} concurrent misses for one new URL, origin 20 ms:"
    );
    println!("| subject | requests | p50 | max | p50 vs one miss alone |");
    println!("|---|---:|---:|---:|---:|");
    for (name, samples) in [
        ("one miss alone", &mut alone),
        ("leader (asked the origin)", &mut leaders),
        ("follower (collapsed)", &mut followers),
    ] {
        if samples.is_empty() {
            continue;
        }
        let p50 = quantile(samples, 0.5);
        println!(
            "| {name} | {} | {} | {} | {:.2}× |",
            samples.len(),
            micros(p50),
            micros(quantile(samples, 1.0)),
            p50.as_secs_f64() / lone.as_secs_f64()
        );
    }
    println!(
        "\norigin requests per {CONCURRENT} concurrent misses: {mean:.1} (per round: {origin_requests:?})"
    );
    Ok(())
}

fn check(res: &edge_harness::TestResponse) -> edge_harness::Result<()> {
    if res.status() == 200 {
        return Ok(());
    }
    Err(edge_harness::Error::msg(format!(
        "status {}: {}",
        res.status(),
        res.stderr()
    )))
}
