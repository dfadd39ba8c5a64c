//! Mock origins for outbound requests: [`MockRequest`] in, [`MockResponse`] out.

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};

/// An outgoing request as a mock origin receives it, body included.
#[derive(Clone, Debug)]
pub struct MockRequest {
    pub(crate) method: Method,
    pub(crate) uri: Uri,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl MockRequest {
    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The full URL.
    pub fn uri(&self) -> &Uri {
        &self.uri
    }

    /// The path, without the query.
    pub fn path(&self) -> &str {
        self.uri.path()
    }

    /// The query, if any.
    pub fn query(&self) -> Option<&str> {
        self.uri.query()
    }

    /// The first value of header `name` as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// All headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> anyhow::Result<T> {
        Ok(serde_json::from_slice(&self.body)?)
    }
}

/// How a mock origin answers: a response, after an optional delay, or a
/// connection failure.
#[derive(Clone, Debug)]
#[must_use]
pub struct MockResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) delay: Duration,
    pub(crate) failure: Option<MockFailure>,
}

/// A connection-level failure a mock can simulate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MockFailure {
    Refused,
    Timeout,
}

impl MockResponse {
    /// An empty response with `status`.
    pub fn new(status: u16) -> Self {
        Self {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            headers: HeaderMap::new(),
            body: Bytes::new(),
            delay: Duration::ZERO,
            failure: None,
        }
    }

    /// 200 with a text body.
    pub fn text(body: impl Into<String>) -> Self {
        Self::new(200)
            .header("content-type", "text/plain; charset=utf-8")
            .body(body.into())
    }

    /// 200 with a JSON body.
    pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> Self {
        let body = serde_json::to_vec(value).unwrap_or_default();
        Self::new(200)
            .header("content-type", "application/json")
            .body(body)
    }

    /// 200 with an HTML body.
    pub fn html(body: impl Into<String>) -> Self {
        Self::new(200)
            .header("content-type", "text/html; charset=utf-8")
            .body(body.into())
    }

    /// The connection is refused.
    pub fn refused() -> Self {
        Self {
            failure: Some(MockFailure::Refused),
            ..Self::new(200)
        }
    }

    /// The origin never answers: the request fails with a timeout (after the
    /// guest's first-byte timeout, or at once if it set none).
    pub fn timeout() -> Self {
        Self {
            failure: Some(MockFailure::Timeout),
            ..Self::new(200)
        }
    }

    /// Sets the status.
    pub fn status(mut self, status: u16) -> Self {
        self.status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        self
    }

    /// Adds a header. An invalid name or value is skipped.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let (Ok(name), Ok(value)) = (
            name.parse::<http::HeaderName>(),
            HeaderValue::from_str(value),
        ) {
            self.headers.append(name, value);
        }
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// Answers only after `delay`: the first byte is that late.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

/// What happened to one outgoing request, for assertions.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OutboundRecord {
    /// The method.
    pub method: Method,
    /// The full URI, as [`MockRequest::uri`] gives it.
    pub uri: Uri,
    /// The request headers.
    pub headers: HeaderMap,
    /// The request body (empty for requests that went to a real origin).
    pub body: Bytes,
    /// How the host handled it.
    pub outcome: OutboundOutcome,
}

/// How the host handled an outgoing request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OutboundOutcome {
    /// A mock origin answered.
    Mocked,
    /// The destination is allowed: the request went to the network.
    Sent,
    /// No rule allowed or mocked the destination.
    Denied,
}
