//! The benchmark runner (see BENCHMARKS.md):
//!
//! - `cargo run --profile host -p edge-benches`: component sizes, then the
//!   in-process latency of the floor (a raw `wasi:http` hello-world),
//!   `examples/hello` and `examples/flightpath` through the same host.
//! - `cargo run --profile host -p edge-benches -- serve`: `edge serve`
//!   throughput and latency on loopback with a built-in load generator,
//!   against `wasmtime serve -S cli` on the same components when
//!   `wasmtime` is installed, in the same run.

mod in_process;
mod load;
mod serve;
mod stats;

use std::path::Path;

fn main() -> edge_harness::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    match std::env::args().nth(1).as_deref() {
        None => in_process::run(&root),
        Some("serve") => serve::run(&root),
        Some(other) => Err(edge_harness::Error::msg(format!(
            "unknown argument `{other}`: run with no argument (sizes and in-process latency) \
             or with `serve`"
        ))),
    }
}
