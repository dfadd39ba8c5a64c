//! [`Server`]: `edge serve` as a user runs it, on a free loopback port.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::raw_http;

/// The `edge` binary the served tests run: this build's, or the one
/// `EDGE_UNDER_TEST` names (another build's, to show what a test finds on
/// it: `EDGE_UNDER_TEST=/path/to/old/edge cargo test -p edge-cli --test
/// hardening_served`).
pub(crate) fn edge_under_test() -> std::path::PathBuf {
    std::env::var_os("EDGE_UNDER_TEST")
        .map_or_else(|| env!("CARGO_BIN_EXE_edge").into(), Into::into)
}

/// A running `edge serve`, stopped (SIGTERM, then kill) when dropped.
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) address: String,
    log: Arc<Mutex<String>>,
}

impl Server {
    pub(crate) fn start(component: &Path, flags: &[&str]) -> Server {
        Self::start_with_env(component, flags, &[])
    }

    /// Like [`start`](Self::start), with environment variables set.
    pub(crate) fn start_with_env(component: &Path, flags: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(edge_under_test())
            .arg("serve")
            .arg(component)
            .args(["--listen", "127.0.0.1:0"])
            .args(flags)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("edge runs");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("a first line");
        let Some(address) = line.trim().strip_prefix("listening on http://") else {
            let mut stderr = String::new();
            if let Some(mut err) = child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut err, &mut stderr);
            }
            panic!("expected `listening on http://ADDR`, got {line:?}; stderr:\n{stderr}");
        };
        let address = address.to_owned();
        let log = Arc::new(Mutex::new(String::new()));
        let sink = log.clone();
        let stderr = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut log = sink.lock().expect("log");
                log.push_str(&line);
                log.push('\n');
            }
        });
        Server {
            child,
            address,
            log,
        }
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends one `GET` on a fresh connection; returns status and body.
    pub(crate) fn get(&self, target: &str) -> (u16, String) {
        let response = raw_http::get(&self.address, target);
        (response.status, response.text())
    }

    /// Everything the server wrote to stderr so far.
    pub(crate) fn log(&self) -> String {
        self.log.lock().expect("log").clone()
    }

    /// The log once it contains `needle` (stderr is read by another thread,
    /// so a line may arrive just after the response), or as it is after 5 s.
    pub(crate) fn log_with(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let log = self.log();
            if log.contains(needle) || Instant::now() > deadline {
                return log;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Stops the server and waits for it to exit.
    pub(crate) fn stop(mut self) {
        self.terminate();
    }

    /// Sends SIGTERM and waits up to `limit` for the server to exit by
    /// itself: its exit status, or `None` if it was still running (it is
    /// killed then).
    pub(crate) fn sigterm_and_wait(mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        None
    }

    fn terminate(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.terminate();
    }
}
