//! `edge serve` on loopback under the built-in load generator, against
//! `wasmtime serve -S cli` on the same components when `wasmtime` is on the
//! PATH, in the same run. Servers run pinned to core 0 and the load to
//! core 1 when `taskset` is there.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use edge_harness::{Progress, build_package};

use crate::in_process::SUBJECTS;
use crate::load;
use crate::stats::{micros, quantile};

const WARM_UP: Duration = Duration::from_secs(1);
const LOADED: Duration = Duration::from_secs(5);
const SINGLE: Duration = Duration::from_secs(3);
const CONNECTIONS: usize = 32;

/// One server under test, stopped when dropped.
pub(crate) struct Running {
    child: Child,
    pub(crate) address: String,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn has(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// `program args...`, on core 0 when `taskset` exists.
fn pinned(program: &Path, args: &[&str]) -> Command {
    if has("taskset") {
        let mut command = Command::new("taskset");
        command.args(["-c", "0"]).arg(program).args(args);
        command
    } else {
        let mut command = Command::new(program);
        command.args(args);
        command
    }
}

fn start_edge(edge: &Path, component: &Path) -> edge_harness::Result<Running> {
    start_edge_with(edge, component, &[])
}

/// `edge serve` of `component` with `flags` besides the benchmark's own.
pub(crate) fn start_edge_with(
    edge: &Path,
    component: &Path,
    flags: &[&str],
) -> edge_harness::Result<Running> {
    let component = component.to_string_lossy();
    let mut args = vec![
        "serve",
        &component,
        "--listen",
        "127.0.0.1:0",
        "--kv-memory",
    ];
    args.extend_from_slice(flags);
    let mut child = pinned(edge, &args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let address = listening_address(&mut child)?;
    Ok(Running { child, address })
}

/// The address an `edge serve` started with `--listen 127.0.0.1:0` and
/// its stdout piped says it listens on, read from its first line.
pub(crate) fn listening_address(child: &mut std::process::Child) -> edge_harness::Result<String> {
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        BufReader::new(out).read_line(&mut line)?;
    }
    line.trim()
        .strip_prefix("listening on http://")
        .map(str::to_owned)
        .ok_or_else(|| edge_harness::Error::msg(format!("edge serve said {line:?}")))
}

fn start_wasmtime(component: &Path) -> edge_harness::Result<Running> {
    start_wasmtime_with(component, &[])
}

/// `wasmtime serve -S cli` of `component` with `flags` besides.
pub(crate) fn start_wasmtime_with(
    component: &Path,
    flags: &[&str],
) -> edge_harness::Result<Running> {
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let address = format!("127.0.0.1:{port}");
    let component = component.to_string_lossy();
    let mut args = vec!["serve", "-S", "cli", "--addr", &address];
    args.extend_from_slice(flags);
    args.push(&component);
    let child = pinned(Path::new("wasmtime"), &args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let running = Running { child, address };
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(&running.address).is_err() {
        if Instant::now() > deadline {
            return Err(edge_harness::Error::msg(
                "wasmtime serve did not listen in 60 s",
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(running)
}

/// What one server did on one component.
pub(crate) struct Figures {
    pub(crate) per_second: f64,
    pub(crate) p50_one: Duration,
    p99_one: Duration,
}

pub(crate) fn measure(server: &Running) -> edge_harness::Result<Figures> {
    load::run(&server.address, 8, WARM_UP)?;
    let loaded = load::run(&server.address, CONNECTIONS, LOADED)?;
    let mut one = load::run(&server.address, 1, SINGLE)?;
    Ok(Figures {
        per_second: loaded.per_second(),
        p50_one: quantile(&mut one.latencies, 0.5),
        p99_one: quantile(&mut one.latencies, 0.99),
    })
}

pub(crate) fn edge_binary(root: &Path) -> edge_harness::Result<PathBuf> {
    let built = crate::cargo()
        .args([
            "build",
            "--profile",
            "host",
            "-p",
            "edge-cli",
            "--bin",
            "edge",
        ])
        .current_dir(root)
        .status()?;
    if !built.success() {
        return Err(edge_harness::Error::msg("building the edge binary failed"));
    }
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    Ok(target.join("host").join("edge"))
}

/// Pins this process (and the load threads it spawns) to core 1, the
/// servers having core 0, when `taskset` is there.
pub(crate) fn pin_load() {
    if has("taskset") {
        let _ = Command::new("taskset")
            .args(["-p", "-c", "1", &std::process::id().to_string()])
            .stdout(Stdio::null())
            .status();
    } else {
        println!("taskset not found: servers and load generator share every core");
    }
}

pub(crate) fn run(root: &Path) -> edge_harness::Result<()> {
    let edge = edge_binary(root)?;
    let wasmtime = has("wasmtime");
    pin_load();
    if !wasmtime {
        println!("wasmtime not on the PATH: edge serve only (install wasmtime-cli 48 to compare)");
    }
    println!(
        "| server | component | req/s, {CONNECTIONS} conns | p50, 1 conn | p99, 1 conn | req/s vs wasmtime | p50 vs wasmtime |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|");
    for (name, dir) in SUBJECTS {
        let component = build_package(root.join(dir), Progress::Quiet)?;
        let reference = if wasmtime {
            let server = start_wasmtime(&component)?;
            Some(measure(&server)?)
        } else {
            None
        };
        let ours = measure(&start_edge(&edge, &component)?)?;
        if let Some(theirs) = &reference {
            println!(
                "| wasmtime serve -S cli | {name} | {:.0} | {} | {} | 1.00× | 1.00× |",
                theirs.per_second,
                micros(theirs.p50_one),
                micros(theirs.p99_one)
            );
        }
        let ratio =
            |a: f64, b: Option<f64>| b.map_or("–".to_owned(), |b| format!("{:.2}×", a / b));
        println!(
            "| edge serve | {name} | {:.0} | {} | {} | {} | {} |",
            ours.per_second,
            micros(ours.p50_one),
            micros(ours.p99_one),
            ratio(ours.per_second, reference.as_ref().map(|r| r.per_second)),
            ratio(
                ours.p50_one.as_secs_f64(),
                reference.as_ref().map(|r| r.p50_one.as_secs_f64())
            ),
        );
    }
    Ok(())
}
