//! [`TestResponse`]: what a guest answered, with its logs.

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, StatusCode};

use crate::RequestTiming;

/// A response received by [`TestApp`](crate::TestApp), read whole, with the
/// guest's stdout and stderr for that request.
#[derive(Debug)]
pub struct TestResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    pub(crate) failure: Option<String>,
    pub(crate) complete: bool,
    pub(crate) timing: RequestTiming,
}

impl TestResponse {
    /// The status code; compares with a number: `assert_eq!(res.status(), 200)`.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The first value of header `name` as text, if present and UTF-8.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Every value of header `name`, in order, as raw bytes.
    pub fn header_all(&self, name: &str) -> Vec<&[u8]> {
        self.headers
            .get_all(name)
            .iter()
            .map(HeaderValue::as_bytes)
            .collect()
    }

    /// All headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body's bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.body
    }

    /// The body as text (invalid UTF-8 is replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> anyhow::Result<T> {
        serde_json::from_slice(&self.body).map_err(|e| {
            anyhow::anyhow!(
                "the response body is not the expected JSON ({e}): {}",
                self.text()
            )
        })
    }

    /// What the guest wrote to stdout while handling this request.
    pub fn stdout(&self) -> &str {
        &self.stdout
    }

    /// What the guest wrote to stderr while handling this request, including
    /// panic messages and errors the SDK logged.
    pub fn stderr(&self) -> &str {
        &self.stderr
    }

    /// Why the guest failed, if it did: a trap, a timeout, no response, or a
    /// body cut short after the head was sent. `None` for a clean response,
    /// whatever its status.
    pub fn failure(&self) -> Option<&str> {
        self.failure.as_deref()
    }

    /// Whether the body arrived whole. `false` when the guest failed after
    /// sending the head: a real client would see the connection cut.
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// How long the host spent instantiating the component for this request
    /// and running its handler.
    pub fn timing(&self) -> RequestTiming {
        self.timing
    }

    /// Asserts the status, and returns the response for more checks. On a
    /// mismatch the panic says what the guest said: its failure (a trap, a
    /// timeout), its stderr (where a handler error is logged) and the body.
    ///
    /// ```no_run
    /// # let app = edge_harness::TestApp::from_package(".")?;
    /// let res = app.get("/").send()?;
    /// res.assert_status(200).assert_header("content-type", "text/plain; charset=utf-8");
    /// # Ok::<(), edge_harness::Error>(())
    /// ```
    #[track_caller]
    pub fn assert_status(&self, expected: u16) -> &Self {
        if self.status.as_u16() != expected {
            panic!(
                "expected status {expected}, got {}\n{}",
                self.status,
                self.explanation()
            );
        }
        self
    }

    /// Asserts header `name`'s first value; says what came instead.
    #[track_caller]
    pub fn assert_header(&self, name: &str, expected: &str) -> &Self {
        let found = self.header(name);
        if found != Some(expected) {
            panic!(
                "expected header `{name}: {expected}`, got {found:?}\n{}",
                self.explanation()
            );
        }
        self
    }

    /// What the guest said about this response: failure, stderr, body.
    fn explanation(&self) -> String {
        let mut text = String::new();
        if let Some(failure) = &self.failure {
            text.push_str(&format!("failure: {failure}\n"));
        }
        if !self.stderr.is_empty() {
            text.push_str(&format!("guest stderr:\n{}\n", self.stderr.trim_end()));
        }
        let body = String::from_utf8_lossy(&self.body);
        let shown: String = body.chars().take(2000).collect();
        text.push_str(&format!("body: {shown:?}"));
        text
    }
}
