//! [`TestRequest`]: a request built up and sent to a [`TestApp`](crate::TestApp).

use bytes::Bytes;
use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, Method};

use crate::{TestApp, TestResponse};

/// A request to a [`TestApp`], built step by step and sent with
/// [`send`](TestRequest::send).
///
/// A bad header name or value is reported by `send`, so a chain of calls
/// stays readable.
#[must_use = "a TestRequest does nothing until `.send()`"]
pub struct TestRequest<'a> {
    pub(crate) app: &'a TestApp,
    pub(crate) method: Method,
    pub(crate) target: String,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) error: Option<anyhow::Error>,
}

impl<'a> TestRequest<'a> {
    pub(crate) fn new(app: &'a TestApp, method: Method, target: &str) -> Self {
        Self {
            app,
            method,
            target: target.to_owned(),
            headers: HeaderMap::new(),
            body: Bytes::new(),
            error: None,
        }
    }

    /// Adds a header; calling it again with the same name adds another value.
    /// Values may be any bytes a header allows, not only UTF-8:
    /// `.header("x-raw", &b"\xff"[..])`.
    pub fn header<K, V>(mut self, name: K, value: V) -> Self
    where
        K: TryInto<HeaderName>,
        K::Error: std::fmt::Display,
        V: TryInto<HeaderValue>,
        V::Error: std::fmt::Display,
    {
        match (name.try_into(), value.try_into()) {
            (Ok(name), Ok(value)) => {
                self.headers.append(name, value);
            }
            (Err(e), _) => self.fail(format!("invalid header name: {e}")),
            (_, Err(e)) => self.fail(format!("invalid header value: {e}")),
        }
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// Sets a JSON body and `content-type: application/json`.
    pub fn json<T: serde::Serialize + ?Sized>(mut self, value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(json) => {
                self.body = json.into();
                self.headers.insert(
                    http::header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
            }
            Err(e) => self.fail(format!("cannot serialize the JSON body: {e}")),
        }
        self
    }

    fn fail(&mut self, message: String) {
        self.error.get_or_insert_with(|| anyhow::anyhow!(message));
    }

    /// Sends the request through a fresh instance and reads the whole response.
    ///
    /// Fails only when the request cannot be made (bad header, bad path);
    /// a guest that traps or times out still gives a response, with the
    /// status the client would get and [`TestResponse::failure`] set.
    pub fn send(self) -> anyhow::Result<TestResponse> {
        if let Some(error) = self.error {
            return Err(error);
        }
        if !self.target.starts_with('/') {
            anyhow::bail!(
                "request path {:?} must start with '/', like \"/users?id=1\"",
                self.target
            );
        }
        let uri: http::Uri = format!("http://localhost{}", self.target)
            .parse()
            .map_err(|e| anyhow::anyhow!("invalid request path {:?}: {e}", self.target))?;
        let mut request = http::Request::new(http_body_util::Full::new(self.body));
        *request.method_mut() = self.method;
        *request.uri_mut() = uri;
        *request.headers_mut() = self.headers;
        Ok(self.app.dispatch(request))
    }
}
