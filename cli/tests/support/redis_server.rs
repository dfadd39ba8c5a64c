//! [`RedisServer`]: a real `redis-server` (Debian's package, which
//! `.ci/run` installs) on a free loopback port, stopped when dropped.

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `redis-server` of the test's own, without persistence.
pub(crate) struct RedisServer {
    child: Option<Child>,
    port: u16,
    dir: PathBuf,
}

impl RedisServer {
    /// Starts one on a free port. The port is free when chosen, yet another
    /// process may bind it before redis-server does: then another is tried.
    pub(crate) fn start(name: &str) -> Self {
        let mut server = Self {
            child: None,
            port: 0,
            dir: super::temp_dir(name),
        };
        for _ in 0..5 {
            server.port = free_port();
            match server.try_start() {
                Ok(()) => return server,
                Err(log) if log.contains("Address already in use") => continue,
                Err(log) => panic!("redis-server did not start:\n{log}"),
            }
        }
        panic!("redis-server found no free port in five tries");
    }

    /// `redis://127.0.0.1:PORT/0`.
    pub(crate) fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    /// Sends one command (its words) and returns the raw reply (RESP
    /// text), for tests that look into the server.
    pub(crate) fn command(&self, words: &[&str]) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("redis answers");
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .expect("timeout");
        let mut request = format!("*{}\r\n", words.len());
        for word in words {
            request.push_str(&format!("${}\r\n{word}\r\n", word.len()));
        }
        stream.write_all(request.as_bytes()).expect("sends");
        let mut reply = Vec::new();
        let mut chunk = [0; 65536];
        loop {
            let n = stream.read(&mut chunk).unwrap_or(0);
            reply.extend_from_slice(&chunk[..n]);
            if n < chunk.len() {
                break;
            }
        }
        String::from_utf8_lossy(&reply).into_owned()
    }

    /// Stops the server (its data is gone: nothing is persisted).
    pub(crate) fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port, empty.
    pub(crate) fn restart(&mut self) {
        if let Err(log) = self.try_start() {
            panic!("redis-server did not start again:\n{log}");
        }
    }

    /// Stops the server if it runs, starts it on its port and waits for it
    /// to answer; `Err` holds its log if it exited or stayed silent 10 s.
    fn try_start(&mut self) -> Result<(), String> {
        self.stop();
        // redis-server appends to its log: each start reads its own.
        let log_path = self.dir.join("redis.log");
        let _ = std::fs::remove_file(&log_path);
        let child = Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &self.port.to_string()])
            .args([
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes",
            ])
            .arg("--dir")
            .arg(&self.dir)
            .arg("--logfile")
            .arg(&log_path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start redis-server ({e}): install it (Debian: apt-get install \
                     redis-server; .ci/run does)"
                )
            });
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let exited = self
                .child
                .as_mut()
                .is_none_or(|child| matches!(child.try_wait(), Ok(Some(_))));
            if !exited && self.answers() {
                return Ok(());
            }
            if exited || Instant::now() > deadline {
                self.stop();
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                let why = if exited {
                    "exited"
                } else {
                    "did not answer PING in 10 s"
                };
                return Err(format!(
                    "redis-server on port {} {why}; its log:\n{log}",
                    self.port
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn answers(&self) -> bool {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) else {
            return false;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
        let mut reply = [0; 7];
        stream.write_all(b"PING\r\n").is_ok()
            && stream.read_exact(&mut reply).is_ok()
            && &reply == b"+PONG\r\n"
    }
}

/// A loopback port no one listens on at the moment.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}
