//! The WAF against a public corpus: every request of each file, sent
//! in-process to `examples/hello` (built for WASI 0.3, so bodies are read)
//! behind `plugins/waf`, and counted blocked (a 403 naming a rule) or
//! passed, per attack family; then what the WAF costs a benign request,
//! against hello alone in the same run.
//!
//! The corpus is not in this repository (its benign sets carry no
//! licence to redistribute): `WAF_CORPUS` names the folder
//! `benches/waf-corpus/build.sh` writes, one JSON object a line (`family`,
//! `method`, `uri`, `headers`, `body`, and for the Core Rule Set's tests
//! `pl`, the rule's paranoia level). BENCHMARKS.md names the sources.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use edge_harness::http::Method;
use edge_harness::runtime::WasiHttpVersion;
use edge_harness::{TestApp, TestResponse};

use crate::stats::{micros, quantile};

/// The corpus files, what they hold, and whether their requests are
/// attacks (to block) or benign (to pass).
const FILES: [(&str, &str, bool); 4] = [
    (
        "crs-attacks.jsonl",
        "OWASP CRS regression tests that expect a rule to fire",
        true,
    ),
    (
        "gotestwaf-attacks.jsonl",
        "gotestwaf's attack payloads, each in every place it names",
        true,
    ),
    (
        "benign.jsonl",
        "CSIC 2010 normal traffic, openappsec's real-browser query strings, gotestwaf's false-positive texts",
        false,
    ),
    (
        "crs-negatives.jsonl",
        "CRS tests that expect a rule NOT to fire (many still look hostile)",
        false,
    ),
];

/// Headers the host writes itself: the corpus's values would contradict
/// the body sent.
const FRAMING: [&str; 3] = ["content-length", "transfer-encoding", "host"];

/// How many benign requests are timed, with the WAF and without.
const TIMED: usize = 2000;

/// What became of the requests of one family.
#[derive(Default)]
struct Tally {
    total: usize,
    blocked: usize,
    /// Requests `http` cannot represent (a raw space in the target, a
    /// control character in a header): a server's parser refuses them
    /// before any WAF sees them.
    unsendable: usize,
}

pub(crate) fn run(root: &Path) -> edge_harness::Result<()> {
    let corpus = std::env::var_os("WAF_CORPUS")
        .map(PathBuf::from)
        .ok_or_else(|| {
            edge_harness::Error::msg(
                "set WAF_CORPUS to the folder benches/waf-corpus/build.sh writes \
             (BENCHMARKS.md says where its sources come from)",
            )
        })?;
    let hello = root.join("examples/hello");
    let guarded = TestApp::builder()
        .without_manifest()
        .wasi(WasiHttpVersion::P3)
        .plugin(root.join("plugins/waf"))
        .package(&hello)?;
    let alone = TestApp::builder()
        .without_manifest()
        .wasi(WasiHttpVersion::P3)
        .package(&hello)?;
    let mut benign = Vec::new();
    for (file, what, attacks) in FILES {
        let path = corpus.join(file);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| edge_harness::Error::msg(format!("{}: {e}", path.display())))?;
        let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
        for line in text.lines() {
            let request: serde_json::Value = serde_json::from_str(line)?;
            let tally = tallies.entry(family(&request)).or_default();
            tally.total += 1;
            match send(&guarded, &request) {
                Some(response) if blocked(&response) => tally.blocked += 1,
                Some(_) => {}
                None => tally.unsendable += 1,
            }
            if !attacks && file == "benign.jsonl" {
                benign.push(request);
            }
        }
        print_table(file, what, attacks, &tallies);
    }
    time_benign(&guarded, &alone, &benign);
    Ok(())
}

/// A request's family, with the rule's paranoia level for the CRS's.
fn family(request: &serde_json::Value) -> String {
    let family = request["family"].as_str().unwrap_or("?");
    match (request["pl"].as_u64(), request["source"].as_str()) {
        (Some(level), _) => format!("{family} (PL{level})"),
        (None, Some(source)) if family == "benign" => {
            source.split('(').next().unwrap_or(source).to_owned()
        }
        _ => family.to_owned(),
    }
}

/// Sends `request` (a corpus line) to `app`; `None` if `http` cannot
/// represent it.
fn send(app: &TestApp, request: &serde_json::Value) -> Option<TestResponse> {
    let method = Method::from_bytes(request["method"].as_str()?.as_bytes()).ok()?;
    let mut test = app.request(method, request["uri"].as_str()?);
    for pair in request["headers"].as_array()? {
        let name = pair[0].as_str()?;
        if !FRAMING.contains(&name.to_ascii_lowercase().as_str()) {
            test = test.header(name, pair[1].as_str()?);
        }
    }
    test.body(request["body"].as_str().unwrap_or("").to_owned())
        .send()
        .ok()
}

fn blocked(response: &TestResponse) -> bool {
    response.status() == 403 && response.header("x-waf-rule").is_some()
}

fn print_table(file: &str, what: &str, attacks: bool, tallies: &BTreeMap<String, Tally>) {
    let verb = if attacks {
        "blocked"
    } else {
        "blocked (false positives)"
    };
    println!("{file}: {what}\n");
    println!("| family | requests | {verb} | unsendable |");
    println!("|---|---:|---:|---:|");
    let mut all = Tally::default();
    for (family, tally) in tallies {
        println!(
            "| {family} | {} | {} | {} |",
            tally.total,
            percent(tally.blocked, tally.total),
            tally.unsendable
        );
        all.total += tally.total;
        all.blocked += tally.blocked;
        all.unsendable += tally.unsendable;
    }
    println!(
        "| **all** | **{}** | **{}** | {} |\n",
        all.total,
        percent(all.blocked, all.total),
        all.unsendable
    );
}

fn percent(part: usize, whole: usize) -> String {
    #[allow(clippy::cast_precision_loss)]
    let share = 100.0 * part as f64 / whole.max(1) as f64;
    format!("{part} ({share:.1}%)")
}

/// Latency of the first [`TIMED`] benign requests through hello with the
/// WAF and alone, interleaved, as p50 and p99 and their ratio.
fn time_benign(guarded: &TestApp, alone: &TestApp, benign: &[serde_json::Value]) {
    let mut with_waf = Vec::new();
    let mut without = Vec::new();
    for request in benign.iter().cycle().take(TIMED) {
        for (app, samples) in [(guarded, &mut with_waf), (alone, &mut without)] {
            let start = Instant::now();
            if send(app, request).is_some() {
                samples.push(start.elapsed());
            }
        }
    }
    let p50 = |samples: &mut Vec<Duration>| quantile(samples, 0.5);
    let (waf50, alone50) = (p50(&mut with_waf), p50(&mut without));
    println!("benign requests, in-process, {TIMED} each, interleaved:\n");
    println!("| app | p50 | p99 |");
    println!("|---|---:|---:|");
    println!(
        "| hello (0.3) | {} | {} |",
        micros(alone50),
        micros(quantile(&mut without, 0.99))
    );
    println!(
        "| hello (0.3) behind the WAF | {} | {} |",
        micros(waf50),
        micros(quantile(&mut with_waf, 0.99))
    );
    println!(
        "\nthe WAF's p50 is {:.2}x hello's alone",
        waf50.as_secs_f64() / alone50.as_secs_f64().max(1e-9)
    );
}
