//! The key-value part (`-- kv`): what one small `get` costs on each store
//! `edge serve` offers (memory, an SQLite file, a Redis on loopback), in
//! one run: the test programs' `/kv-gets?n=101` against `?n=1` over one
//! keep-alive connection, interleaved; a call is the difference over 100.
//! Beside Redis, its floor in the same run: one `HGET` round trip of a
//! raw client on one loopback connection (what any Redis call costs).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use edge_harness::{Progress, build_package};

use crate::stats::{micros, quantile};

const ROUNDS: usize = 20;
const PER_ROUND: usize = 50;
const CALLS: u32 = 100;

/// A child process stopped when dropped.
struct Stopped(Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) fn run(root: &Path) -> edge_harness::Result<()> {
    let edge = crate::serve::edge_binary(root)?;
    let programs = build_package(root.join("test-programs"), Progress::Show)?;
    let dir = std::env::temp_dir().join(format!("edge-bench-kv-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let redis = start_redis(&dir)?;
    let sqlite = dir.join("kv.sqlite");
    let backends: [(&str, Vec<String>); 3] = [
        ("memory (`--kv-memory`)", vec!["--kv-memory".into()]),
        (
            "SQLite (`--kv-path`)",
            vec!["--kv-path".into(), sqlite.to_string_lossy().into_owned()],
        ),
        (
            "Redis on loopback (`--kv-url`)",
            vec![
                "--kv-url".into(),
                format!("redis://127.0.0.1:{}/0", redis.1),
            ],
        ),
    ];
    println!(
        "`edge serve` (host profile), one keep-alive connection, {ROUNDS} interleaved rounds × \
         {PER_ROUND} of each:"
    );
    println!("| store | one small `get` | `/kv-gets?n=1` p50 | `/kv-gets?n=101` p50 |");
    println!("|---|---:|---:|---:|");
    for (name, flags) in backends {
        let (server, address) = start_edge(&edge, &programs, &flags)?;
        let mut client = Client::connect(&address)?;
        client.get("/kv-put?n=0")?;
        let (mut one, mut many) = (Vec::new(), Vec::new());
        for _ in 0..3 {
            client.get("/kv-gets?n=1")?;
            client.get(&format!("/kv-gets?n={}", CALLS + 1))?;
        }
        for _ in 0..ROUNDS {
            for _ in 0..PER_ROUND {
                one.push(client.get("/kv-gets?n=1")?);
            }
            for _ in 0..PER_ROUND {
                many.push(client.get(&format!("/kv-gets?n={}", CALLS + 1))?);
            }
        }
        let (p_one, p_many) = (quantile(&mut one, 0.5), quantile(&mut many, 0.5));
        let per_call = p_many.saturating_sub(p_one) / CALLS;
        println!(
            "| {name} | {} | {} | {} |",
            micros(per_call),
            micros(p_one),
            micros(p_many)
        );
        drop(server);
    }
    let floor = round_trip(redis.1, ROUNDS * PER_ROUND)?;
    println!(
        "| *floor: one raw Redis `HGET` round trip on loopback* | {} | | |",
        micros(floor)
    );
    drop(redis);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn start_redis(dir: &Path) -> edge_harness::Result<(Stopped, u16)> {
    let port = free_port()?;
    let child = Command::new("redis-server")
        .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
        .args(["--save", "", "--appendonly", "no"])
        .arg("--dir")
        .arg(dir)
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| {
            edge_harness::Error::msg(format!("redis-server ({e}): apt-get install redis-server"))
        })?;
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if started.elapsed() > Duration::from_secs(10) {
            return Err(edge_harness::Error::msg("redis-server did not listen"));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok((Stopped(child), port))
}

/// The median time of `times` `HGET`s, each sent and its answer read
/// before the next, on one connection.
fn round_trip(port: u16, times: usize) -> edge_harness::Result<Duration> {
    let stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream);
    let command = b"*3\r\n$4\r\nHGET\r\n$5\r\nbench\r\n$2\r\nk0\r\n";
    let mut samples = Vec::with_capacity(times);
    for _ in 0..times {
        let start = Instant::now();
        reader.get_mut().write_all(command)?;
        let mut line = String::new();
        // A missing field: `$-1`, one line.
        reader.read_line(&mut line)?;
        samples.push(start.elapsed());
    }
    Ok(quantile(&mut samples, 0.5))
}

fn start_edge(
    edge: &Path,
    component: &Path,
    flags: &[String],
) -> edge_harness::Result<(Stopped, String)> {
    let mut child = Command::new(edge)
        .arg("serve")
        .arg(component)
        .args(["--listen", "127.0.0.1:0"])
        .args(flags)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let address = crate::serve::listening_address(&mut child)?;
    Ok((Stopped(child), address))
}

/// HTTP/1.1 over one kept-alive connection.
struct Client(BufReader<TcpStream>);

impl Client {
    fn connect(address: &str) -> std::io::Result<Self> {
        let stream = TcpStream::connect(address)?;
        stream.set_nodelay(true)?;
        Ok(Self(BufReader::new(stream)))
    }

    /// `GET target`, its whole answer read: how long it took.
    fn get(&mut self, target: &str) -> edge_harness::Result<Duration> {
        let start = Instant::now();
        write!(
            self.0.get_mut(),
            "GET {target} HTTP/1.1\r\nHost: bench\r\n\r\n"
        )?;
        let mut length = 0;
        let mut status = String::new();
        self.0.read_line(&mut status)?;
        if !status.starts_with("HTTP/1.1 200") {
            return Err(edge_harness::Error::msg(format!("{target}: {status:?}")));
        }
        loop {
            let mut line = String::new();
            self.0.read_line(&mut line)?;
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        self.0.read_exact(&mut body)?;
        Ok(start.elapsed())
    }
}
