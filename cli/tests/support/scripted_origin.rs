//! [`ScriptedOrigin`]: an origin on a free loopback port that answers
//! every request with the same bytes, exactly as given (broken framing
//! included), then holds the connection open for a while before closing
//! it, and counts the requests.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// An origin serving until dropped.
pub(crate) struct ScriptedOrigin {
    /// `127.0.0.1:PORT`.
    pub(crate) address: String,
    seen: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ScriptedOrigin {
    /// Starts one that writes `answer` to every request, then keeps the
    /// connection open `hold` before closing it.
    pub(crate) fn start(answer: &'static [u8], hold: Duration) -> Self {
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
                        Ok((stream, _)) => {
                            seen.fetch_add(1, Ordering::SeqCst);
                            std::thread::spawn(move || reply(stream, answer, hold));
                        }
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

impl Drop for ScriptedOrigin {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Reads one request head, writes `answer`, waits `hold`, closes.
fn reply(stream: TcpStream, answer: &[u8], hold: Duration) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
    }
    let _ = reader.get_mut().write_all(answer);
    std::thread::sleep(hold);
}
