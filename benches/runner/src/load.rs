//! A keep-alive HTTP/1.1 load generator: each connection a thread sending
//! `GET /` back to back and timing every answer.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// What one load run measured.
pub(crate) struct Load {
    pub(crate) requests: usize,
    pub(crate) elapsed: Duration,
    pub(crate) latencies: Vec<Duration>,
}

impl Load {
    pub(crate) fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }
}

/// Runs `connections` connections against `address` for `duration`.
pub(crate) fn run(address: &str, connections: usize, duration: Duration) -> std::io::Result<Load> {
    let start = Instant::now();
    let deadline = start + duration;
    let workers: Vec<_> = (0..connections)
        .map(|_| {
            let address = address.to_owned();
            std::thread::spawn(move || connection(&address, deadline))
        })
        .collect();
    let mut latencies = Vec::new();
    for worker in workers {
        let times = worker
            .join()
            .map_err(|_| std::io::Error::other("a load thread panicked"))??;
        latencies.extend(times);
    }
    Ok(Load {
        requests: latencies.len(),
        elapsed: start.elapsed(),
        latencies,
    })
}

fn connection(address: &str, deadline: Instant) -> std::io::Result<Vec<Duration>> {
    let stream = TcpStream::connect(address)?;
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let mut times = Vec::new();
    let mut line = String::new();
    while Instant::now() < deadline {
        let start = Instant::now();
        writer.write_all(b"GET / HTTP/1.1\r\nHost: bench\r\n\r\n")?;
        let mut length = None;
        let mut chunked = false;
        let mut status_seen = false;
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 {
                return Err(std::io::Error::other("the server closed the connection"));
            }
            if !status_seen {
                status_seen = true;
                if !line.starts_with("HTTP/1.1 200") {
                    return Err(std::io::Error::other(format!("unexpected answer: {line}")));
                }
                continue;
            }
            if line == "\r\n" {
                break;
            }
            let lower = line.to_ascii_lowercase();
            if let Some(n) = lower.strip_prefix("content-length:") {
                length = n.trim().parse::<u64>().ok();
            }
            if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
                chunked = true;
            }
        }
        if chunked {
            loop {
                line.clear();
                reader.read_line(&mut line)?;
                let size = u64::from_str_radix(line.trim(), 16)
                    .map_err(|_| std::io::Error::other("a bad chunk size"))?;
                std::io::copy(&mut (&mut reader).take(size + 2), &mut std::io::sink())?;
                if size == 0 {
                    break;
                }
            }
        } else {
            let length = length.ok_or_else(|| std::io::Error::other("no body length"))?;
            std::io::copy(&mut (&mut reader).take(length), &mut std::io::sink())?;
        }
        times.push(start.elapsed());
    }
    Ok(times)
}
