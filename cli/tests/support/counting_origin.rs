//! [`CountingOrigin`]: an HTTP/1.1 origin on a free loopback port that
//! answers every request with a body naming its path and how many
//! requests it has seen, cacheable for ten minutes (or as told), and
//! counts them.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// An origin serving until dropped.
pub(crate) struct CountingOrigin {
    /// `127.0.0.1:PORT`.
    pub(crate) address: String,
    seen: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl CountingOrigin {
    /// Starts one.
    pub(crate) fn start() -> Self {
        Self::start_with("public, max-age=600", |_| Duration::ZERO)
    }

    /// Starts one whose answers say `cache_control`, and that takes
    /// `delay(n)` to answer its `n`th request (from 1).
    pub(crate) fn start_with(cache_control: &'static str, delay: fn(usize) -> Duration) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        listener.set_nonblocking(true).expect("non-blocking");
        let address = listener.local_addr().expect("its address").to_string();
        let seen = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (seen, stop) = (Arc::clone(&seen), Arc::clone(&stop));
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    match listener.accept() {
                        Ok((stream, _)) => answer(stream, &seen, cache_control, delay),
                        Err(_) => std::thread::sleep(Duration::from_millis(2)),
                    }
                }
            })
        };
        Self {
            address,
            seen,
            stop,
            thread: Some(thread),
        }
    }

    /// Requests answered so far.
    pub(crate) fn seen(&self) -> usize {
        self.seen.load(Ordering::SeqCst)
    }
}

impl Drop for CountingOrigin {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Reads one request head and answers it, closing the connection.
fn answer(
    stream: TcpStream,
    seen: &AtomicUsize,
    cache_control: &str,
    delay: fn(usize) -> Duration,
) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let path = line.split(' ').nth(1).unwrap_or("/").to_owned();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
            break;
        }
    }
    let n = seen.fetch_add(1, Ordering::SeqCst) + 1;
    std::thread::sleep(delay(n));
    let body = format!("{path} from the origin, request {n}");
    let response = format!(
        "HTTP/1.1 200 OK\r\ncache-control: {cache_control}\r\n\
         content-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = reader.get_mut().write_all(response.as_bytes());
}
