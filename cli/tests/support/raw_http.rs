//! A raw HTTP/1.1 client: sends exactly the bytes given, reads the answer
//! as it streams (keeping only its start), and tells a complete response
//! from one cut short.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Body bytes kept for inspection; the rest is only counted.
const KEPT: usize = 1 << 20;

/// What came back on one connection.
#[derive(Debug)]
pub(crate) struct RawResponse {
    /// The status, or 0 if the connection closed before a status line.
    pub(crate) status: u16,
    /// The response head, lowercased.
    pub(crate) head: String,
    /// The body's first bytes (up to 1 MiB), de-chunked.
    pub(crate) body: Vec<u8>,
    /// Body bytes received in all.
    pub(crate) body_len: u64,
    /// Whether the body ended as HTTP says a body ends: its
    /// `Content-Length` reached, or the last chunk seen.
    pub(crate) complete: bool,
    /// From the first byte sent to the end of the answer.
    pub(crate) elapsed: Duration,
}

impl RawResponse {
    fn unanswered(start: Instant) -> Self {
        RawResponse {
            status: 0,
            head: String::new(),
            body: Vec::new(),
            body_len: 0,
            complete: false,
            elapsed: start.elapsed(),
        }
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The value of header `name` (lowercase), lowercased as the head is.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            (n.trim() == name).then(|| v.trim())
        })
    }
}

/// Sends `request` on a new connection and reads one response, waiting at
/// most `timeout` for each read.
/// A refused connection comes back as status 0, like one closed unanswered.
pub(crate) fn exchange(address: &str, request: &[u8], timeout: Duration) -> RawResponse {
    send(address, request, timeout, false)
}

/// Like [`exchange`], closing the sending side once `request` is sent (a
/// client that stops mid-body and sends nothing more).
pub(crate) fn send_then_stop(address: &str, request: &[u8], timeout: Duration) -> RawResponse {
    send(address, request, timeout, true)
}

fn send(address: &str, request: &[u8], timeout: Duration, stop_sending: bool) -> RawResponse {
    let start = Instant::now();
    let Ok(mut stream) = TcpStream::connect(address) else {
        return RawResponse::unanswered(start);
    };
    stream.set_read_timeout(Some(timeout)).expect("timeout");
    // The server may answer and close before reading all of a bad request.
    let _ = stream.write_all(request);
    if stop_sending {
        let _ = stream.shutdown(std::net::Shutdown::Write);
    }
    read_response(stream, start)
}

/// A `GET target` with `Connection: close`.
pub(crate) fn get(address: &str, target: &str) -> RawResponse {
    let request = format!("GET {target} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
    exchange(address, request.as_bytes(), Duration::from_secs(30))
}

/// Reads one response from `stream`.
pub(crate) fn read_response(stream: TcpStream, start: Instant) -> RawResponse {
    let mut reader = BufReader::new(stream);
    let mut response = RawResponse::unanswered(start);
    let mut line = String::new();
    loop {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => {
                response.elapsed = start.elapsed();
                return response;
            }
            Ok(_) => {}
        }
        if line == "\r\n" {
            break;
        }
        response.head.push_str(&line.to_ascii_lowercase());
    }
    response.status = response
        .head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let length = response
        .head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|n| n.trim().parse::<u64>().ok());
    if response.head.contains("transfer-encoding: chunked") {
        read_chunked(&mut reader, &mut response);
    } else {
        let got = copy_body(&mut reader, length.unwrap_or(u64::MAX), &mut response);
        response.complete = length.is_none_or(|len| got == len);
    }
    response.elapsed = start.elapsed();
    response
}

fn read_chunked(reader: &mut BufReader<TcpStream>, response: &mut RawResponse) {
    let mut line = String::new();
    loop {
        line.clear();
        if !matches!(reader.read_line(&mut line), Ok(n) if n > 0) {
            return;
        }
        let Ok(size) = u64::from_str_radix(line.trim(), 16) else {
            return;
        };
        if size == 0 {
            line.clear();
            response.complete = reader.read_line(&mut line).is_ok() && line == "\r\n";
            return;
        }
        if copy_body(reader, size, response) != size {
            return;
        }
        let mut crlf = [0u8; 2];
        if reader.read_exact(&mut crlf).is_err() {
            return;
        }
    }
}

/// Copies up to `len` body bytes (or to EOF); returns how many came.
fn copy_body(reader: &mut BufReader<TcpStream>, len: u64, response: &mut RawResponse) -> u64 {
    let mut left = len;
    let mut buffer = [0u8; 64 << 10];
    while left > 0 {
        let want = usize::try_from(left.min(buffer.len() as u64)).unwrap_or(buffer.len());
        let n = match reader.read(&mut buffer[..want]) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let keep = n.min(KEPT.saturating_sub(response.body.len()));
        response.body.extend_from_slice(&buffer[..keep]);
        response.body_len += n as u64;
        left -= n as u64;
    }
    len - left
}
