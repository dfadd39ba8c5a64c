//! [`Reply`]: the response a middleware chain builds, Express's `res`.

use http::header::{CONTENT_TYPE, HeaderName, HeaderValue, LOCATION, SET_COOKIE};
use http::response::Parts;
use http::{HeaderMap, Response, StatusCode};

use crate::{Cookie, Error, RouteBody};

/// The response being built for a request, handed from middleware to
/// middleware to the handler, like Express's `res`.
///
/// Methods take and return the reply, so they chain:
/// `res.status(404).send("no such page")`. Headers set by middleware
/// stay on the reply the handler sends. Once a body is sent
/// ([`send`](Reply::send), [`json`](Reply::json), [`redirect`](Reply::redirect), ...)
/// the chain stops: a middleware that sends answers for the handler.
///
/// Names follow `http::response::Builder`, which a reply is: the plain name
/// sets ([`status`](Reply::status), [`header`](Reply::header)), and the
/// getters end in `_ref` or `_mut` ([`status_ref`](Reply::status_ref),
/// [`headers_ref`](Reply::headers_ref), [`headers_mut`](Reply::headers_mut)).
///
/// ```
/// use edge_router::Reply;
///
/// let res = Reply::<String>::new()
///     .status(404)
///     .header("cache-control", "no-store");
/// assert_eq!(res.status_ref(), 404);
/// assert_eq!(res.headers_ref()["cache-control"], "no-store");
///
/// let response = res.send("no such page").into_response()?;
/// assert_eq!(response.status(), 404);
/// assert_eq!(response.body(), "no such page");
/// # Ok::<(), edge_router::Error>(())
/// ```
///
/// A bad header, status or cookie does not panic: the reply remembers the
/// first mistake and the request fails with a 500 naming it.
pub struct Reply<B> {
    /// Status, headers, version and extensions: a response given whole
    /// goes back out as it came.
    head: Parts,
    body: Option<B>,
    error: Option<Error>,
}

impl<B: RouteBody> Default for Reply<B> {
    fn default() -> Self {
        Self::new()
    }
}

impl<B: RouteBody> Reply<B> {
    /// A fresh reply: 200, no headers, nothing sent. The router makes one
    /// per request; make one yourself to unit-test a handler.
    pub fn new() -> Self {
        Self {
            head: Response::new(()).into_parts().0,
            body: None,
            error: None,
        }
    }

    /// Sets the status (200 unless set); accepts a `StatusCode` or a `u16`.
    #[must_use]
    pub fn status<S>(mut self, status: S) -> Self
    where
        S: TryInto<StatusCode>,
        S::Error: std::fmt::Display,
    {
        match status.try_into() {
            Ok(status) => self.head.status = status,
            Err(e) => self.fail(format!("invalid status code: {e}")),
        }
        self
    }

    /// Sets a header, replacing any value it had.
    #[must_use]
    pub fn header<K, V>(self, name: K, value: V) -> Self
    where
        K: TryInto<HeaderName>,
        K::Error: std::fmt::Display,
        V: TryInto<HeaderValue>,
        V::Error: std::fmt::Display,
    {
        self.set_header(name, value, false)
    }

    /// Adds a header value, keeping the ones it had.
    #[must_use]
    pub fn append_header<K, V>(self, name: K, value: V) -> Self
    where
        K: TryInto<HeaderName>,
        K::Error: std::fmt::Display,
        V: TryInto<HeaderValue>,
        V::Error: std::fmt::Display,
    {
        self.set_header(name, value, true)
    }

    fn set_header<K, V>(mut self, name: K, value: V, append: bool) -> Self
    where
        K: TryInto<HeaderName>,
        K::Error: std::fmt::Display,
        V: TryInto<HeaderValue>,
        V::Error: std::fmt::Display,
    {
        let name = match name.try_into() {
            Ok(name) => name,
            Err(e) => {
                self.fail(format!("invalid header name: {e}"));
                return self;
            }
        };
        match value.try_into() {
            Ok(value) if append => {
                self.head.headers.append(name, value);
            }
            Ok(value) => {
                self.head.headers.insert(name, value);
            }
            Err(e) => self.fail(format!("invalid value for header `{}`: {e}", name.as_str())),
        }
        self
    }

    /// Sends text (`text/plain; charset=utf-8` unless a content type is set)
    /// and ends the chain.
    #[must_use]
    pub fn send(self, text: impl Into<String>) -> Self {
        self.body_with_type(B::from_text(text.into()), "text/plain; charset=utf-8")
    }

    /// Sends HTML (`text/html; charset=utf-8`) and ends the chain.
    #[must_use]
    pub fn html(self, html: impl Into<String>) -> Self {
        self.body_with_type(B::from_text(html.into()), "text/html; charset=utf-8")
    }

    /// Sends bytes (`application/octet-stream` unless a content type is set)
    /// and ends the chain.
    #[must_use]
    pub fn bytes(self, bytes: impl Into<Vec<u8>>) -> Self {
        self.body_with_type(B::from_bytes(bytes.into()), "application/octet-stream")
    }

    /// Sends a body as it is (a stream, say), with no content type added,
    /// and ends the chain.
    #[must_use]
    pub fn body(mut self, body: B) -> Self {
        self.body = Some(body);
        self
    }

    /// Sends `value` as JSON (`application/json`) and ends the chain.
    #[cfg(feature = "json")]
    #[must_use]
    pub fn json<T: serde::Serialize + ?Sized>(mut self, value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(json) => self.body_with_type(B::from_bytes(json), "application/json"),
            Err(e) => {
                self.fail(format!("cannot serialize the JSON reply: {e}"));
                self.body = Some(B::default());
                self
            }
        }
    }

    /// Redirects with 302 Found to `location` and ends the chain.
    #[must_use]
    pub fn redirect(self, location: &str) -> Self {
        self.redirect_with(StatusCode::FOUND, location)
    }

    /// Redirects with a chosen 3xx status (301, 303, 307, 308) and ends the chain.
    #[must_use]
    pub fn redirect_with(mut self, status: StatusCode, location: &str) -> Self {
        if !status.is_redirection() {
            self.fail(format!(
                "{status} is not a redirect status: use 301, 302, 303, 307 or 308"
            ));
        }
        self.head.status = status;
        let mut reply = self.header(LOCATION, location);
        reply.body = Some(B::default());
        reply
    }

    /// Adds a `Set-Cookie` header.
    #[must_use]
    pub fn cookie(mut self, cookie: &Cookie) -> Self {
        match cookie.to_header() {
            Ok(value) => self.append_header(SET_COOKIE, value),
            Err(e) => {
                self.error.get_or_insert(e);
                self
            }
        }
    }

    /// Tells the client to delete cookie `name` (set for path `/`).
    #[must_use]
    pub fn clear_cookie(self, name: &str) -> Self {
        self.cookie(&Cookie::new(name, "").path("/").max_age(0))
    }

    /// Whether a body has been sent: the chain stops here.
    pub fn is_sent(&self) -> bool {
        self.body.is_some()
    }

    /// The status so far (set it with [`status`](Reply::status)).
    pub fn status_ref(&self) -> StatusCode {
        self.head.status
    }

    /// The headers so far (set them with [`header`](Reply::header)).
    pub fn headers_ref(&self) -> &HeaderMap {
        &self.head.headers
    }

    /// The headers so far, to change in place.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.head.headers
    }

    /// The finished response; an unsent reply has an empty body.
    pub fn into_response(self) -> Result<Response<B>, Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        Ok(Response::from_parts(
            self.head,
            self.body.unwrap_or_default(),
        ))
    }

    /// A reply already sent: a whole response from elsewhere.
    pub(crate) fn from_response(response: Response<B>) -> Self {
        let (head, body) = response.into_parts();
        Self {
            head,
            body: Some(body),
            error: None,
        }
    }

    fn body_with_type(mut self, body: B, content_type: &'static str) -> Self {
        if !self.head.headers.contains_key(CONTENT_TYPE) {
            self.head
                .headers
                .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
        self.body = Some(body);
        self
    }

    fn fail(&mut self, message: String) {
        self.error.get_or_insert_with(|| Error::msg(message));
    }
}

impl<B> std::fmt::Debug for Reply<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reply")
            .field("status", &self.head.status)
            .field("headers", &self.head.headers)
            .field("sent", &self.body.is_some())
            .finish()
    }
}
