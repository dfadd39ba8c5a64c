//! The benchmark runner (see BENCHMARKS.md). One command runs every table:
//! `cargo run --profile host -p edge-benches`; a part alone with
//! `-- sizes`, `-- in-process`, `-- preinit`, `-- dispatch`, `-- serve`,
//! `-- cache`, `-- plugins`, `-- kv`, `-- start`, `-- wasi` or `-- waf`.
//!
//! - sizes: the floor (a raw `wasi:http` hello-world), the same hello-world
//!   with the SDK, the talk's example alone, and every example;
//! - in-process: latency of the floor, `benches/sdk-hello`, `examples/hello` and
//!   `examples/flightpath` through the same host, split into instantiation
//!   and the handler run;
//! - preinit: the apps that build their state once (`examples/flightpath`,
//!   `examples/geo-ip`), per request and pre-initialized, beside
//!   `benches/sdk-hello`: latency split into instantiation and the handler
//!   run, and size;
//! - dispatch: the router against a hand-written `matchit` dispatch
//!   (`cargo bench -p edge-router --bench dispatch`);
//! - serve: `edge serve` throughput and latency on loopback with a
//!   built-in load generator, against `wasmtime serve -S cli` on the same
//!   components when `wasmtime` is installed, in the same run;
//! - cache: what `edge::cache` adds to a component, and a cache hit's and
//!   a miss's latency beside `examples/hello`'s;
//! - plugins: `examples/flightpath` alone and with the shipped plugins
//!   composed in front: latency and the composed size against its parts;
//! - kv: one small key-value `get` on each store `edge serve` offers
//!   (memory, SQLite, Redis), in one run;
//! - start: `edge serve`'s time to listen, compiling a component afresh
//!   and loading it from the compiled cache;
//! - wasi: hello, flightpath and proxy built for WASI 0.2 and 0.3: size,
//!   in-process latency, and `edge serve` against `wasmtime serve` 48 on
//!   the same files, with and without its 0.3 instance reuse;
//! - waf: the WAF plugin's detection and false-positive rates on a public
//!   corpus (`WAF_CORPUS`), per family, and its cost per benign request.

mod cache;
mod collapsed_misses;
mod in_process;
mod kv;
mod load;
mod origin;
mod plugins;
mod preinit;
mod serve;
mod start;
mod stats;
mod waf;
mod wasi_versions;

use std::path::Path;
use std::process::Command;

type Part = fn(&Path) -> edge_harness::Result<()>;

const PARTS: [(&str, Part); 11] = [
    ("sizes", in_process::sizes),
    ("in-process", in_process::run),
    ("preinit", preinit::run),
    ("dispatch", dispatch),
    ("serve", serve::run),
    ("cache", cache::run),
    ("kv", kv::run),
    ("start", start::run),
    ("plugins", plugins::run),
    ("wasi", wasi_versions::run),
    ("waf", waf::run),
];

fn main() -> edge_harness::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let chosen = std::env::args().nth(1);
    let parts: Vec<&(&str, Part)> = PARTS
        .iter()
        .filter(|(name, _)| chosen.as_deref().is_none_or(|c| c == *name))
        .collect();
    if parts.is_empty() {
        let names: Vec<&str> = PARTS.iter().map(|(name, _)| *name).collect();
        return Err(edge_harness::Error::msg(format!(
            "unknown part `{}`: run with no argument for every table, or one of {}",
            chosen.unwrap_or_default(),
            names.join(", ")
        )));
    }
    for (name, part) in parts {
        println!("## {name}\n");
        part(&root)?;
        println!();
    }
    Ok(())
}

/// The router's dispatch benchmark, as `cargo bench` runs it.
fn dispatch(root: &Path) -> edge_harness::Result<()> {
    let status = cargo()
        .args(["bench", "-q", "-p", "edge-router", "--bench", "dispatch"])
        .current_dir(root)
        .status()?;
    if !status.success() {
        return Err(edge_harness::Error::msg("the dispatch benchmark failed"));
    }
    Ok(())
}

/// A `cargo` command without the package variables `cargo run` gave this
/// process: build scripts that track them (ring's tracks
/// `CARGO_MANIFEST_DIR` and `CARGO_PKG_*`) would otherwise rerun, and
/// rebuild their dependents, at every switch between the runner's build
/// and the builds it starts.
pub(crate) fn cargo() -> Command {
    let mut command = Command::new(env!("CARGO"));
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if key.starts_with("CARGO_PKG_")
            || key.starts_with("CARGO_MANIFEST_")
            || [
                "CARGO_CRATE_NAME",
                "CARGO_BIN_NAME",
                "CARGO_PRIMARY_PACKAGE",
                "OUT_DIR",
            ]
            .contains(&key.as_ref())
        {
            command.env_remove(key.as_ref());
        }
    }
    command
}
