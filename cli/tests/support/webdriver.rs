//! [`Browser`]: headless Chromium driven through ChromeDriver's W3C
//! WebDriver protocol (plain HTTP and JSON), from Debian's `chromium` and
//! `chromium-driver` packages.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::raw_http;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A headless Chromium session, closed (with its driver) when dropped.
pub(crate) struct Browser {
    driver: Child,
    address: String,
    session: String,
    profile: PathBuf,
}

impl Browser {
    /// Starts ChromeDriver and a headless Chromium. Without them, says how
    /// to install them and returns `None`, unless `EDGE_REQUIRE_BROWSER=1`
    /// (as `.ci/run` sets), where a missing browser fails the test.
    pub(crate) fn start() -> Option<Browser> {
        let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
            .into_iter()
            .filter(|path| !std::path::Path::new(path).exists())
            .collect();
        if !missing.is_empty() {
            let message = format!(
                "browser test skipped: {} not found; install Debian's browser with \
                 `apt-get install chromium chromium-driver` (CI does)",
                missing.join(" and ")
            );
            assert!(
                std::env::var_os("EDGE_REQUIRE_BROWSER").is_none_or(|v| v != "1"),
                "{message}"
            );
            // Straight to the terminal: `eprintln!` is captured, and a
            // passing test's output is never shown.
            use std::io::Write as _;
            let _ = writeln!(std::io::stderr().lock(), "\n{message}\n");
            return None;
        }
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let address = format!("127.0.0.1:{port}");
        let profile = super::temp_dir("chromium-profile");
        let mut browser = Browser {
            driver,
            address,
            session: String::new(),
            profile,
        };
        browser.wait_until_ready();
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": CHROMIUM,
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        "--window-size=1200,700",
                        format!("--user-data-dir={}", browser.profile.display()),
                    ]
                }
            }}
        });
        let session = browser.call("POST", "/session", Some(capabilities));
        browser.session = session["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {session}"))
            .to_owned();
        Some(browser)
    }

    fn wait_until_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if TcpStream::connect(&self.address).is_ok() {
                let status = self.call("GET", "/status", None);
                if status["ready"] == true {
                    return;
                }
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("chromedriver did not get ready in 20 s");
    }

    /// One WebDriver command; returns its `value`.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            self.address,
            body.len()
        );
        let res = raw_http::exchange(&self.address, request.as_bytes(), Duration::from_secs(60));
        let reply: Value = serde_json::from_slice(&res.body)
            .unwrap_or_else(|e| panic!("{method} {path}: not JSON ({e}): {}", res.text()));
        assert!(
            res.status == 200,
            "{method} {path} failed with {}: {reply}",
            res.status
        );
        reply["value"].clone()
    }

    fn session_call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    pub(crate) fn goto(&self, url: &str) {
        self.session_call("POST", "/url", Some(json!({ "url": url })));
    }

    /// The element `css` selects.
    pub(crate) fn find(&self, css: &str) -> String {
        let found = self.session_call(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        // The reference is the one value of a one-key object.
        found
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}: {found}"))
            .to_owned()
    }

    pub(crate) fn clear(&self, element: &str) {
        self.session_call(
            "POST",
            &format!("/element/{element}/clear"),
            Some(json!({})),
        );
    }

    /// Types `text` into `element`, as key presses.
    pub(crate) fn type_into(&self, element: &str, text: &str) {
        self.session_call(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// Runs `script` (a function body) in the page; returns what it returns.
    pub(crate) fn script(&self, script: &str) -> Value {
        self.session_call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
    }

    /// The page as a PNG.
    pub(crate) fn screenshot(&self) -> Vec<u8> {
        let encoded = self.session_call("GET", "/screenshot", None);
        base64_decode(encoded.as_str().expect("base64 text"))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = TcpStream::connect(&self.address).map(|mut s| {
                let _ = write!(
                    s,
                    "DELETE /session/{} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                    self.session, self.address
                );
            });
            std::thread::sleep(Duration::from_millis(200));
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binds");
    listener.local_addr().expect("address").port()
}

/// Standard base64 (with padding) to bytes.
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c}"),
        }
    };
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    for quad in text.as_bytes().chunks(4) {
        let digits: Vec<u8> = quad.iter().copied().filter(|&c| c != b'=').collect();
        let bits =
            digits.iter().fold(0u32, |acc, &c| (acc << 6) | value(c)) << (6 * (4 - digits.len()));
        let bytes = bits.to_be_bytes();
        out.extend_from_slice(&bytes[1..digits.len()]);
    }
    out
}
