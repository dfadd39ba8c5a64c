//! The parts of an incoming request's head that both backends read alike:
//! the request target, the `Host` header, and the error of a bad one.

use http::Uri;
use http::header::{HOST, HeaderValue};

use crate::Error;

/// The request target as the server saw it: origin-form, path and query,
/// as `hyper` and `axum` present HTTP/1.1 requests (`/` when the host gives
/// none). The host is in the `Host` header; see [`add_host`].
pub(crate) fn uri(path: Option<String>) -> Result<Uri, Error> {
    let path = path.unwrap_or_default();
    let path = if path.is_empty() { "/" } else { path.as_str() };
    http::uri::PathAndQuery::try_from(path)
        .map(Uri::from)
        .map_err(|_| bad_request(format!("invalid request target `{path}`")))
}

/// Sets `Host` from the request's authority when the headers lack one.
pub(crate) fn add_host(request: &mut http::Request<()>, authority: Option<String>) {
    if request.headers().contains_key(HOST) {
        return;
    }
    if let Some(authority) = authority.filter(|a| !a.is_empty())
        && let Ok(value) = HeaderValue::try_from(authority)
    {
        request.headers_mut().insert(HOST, value);
    }
}

/// A 400 naming what is wrong with the request.
pub(crate) fn bad_request(message: String) -> Error {
    Error::new(http::StatusCode::BAD_REQUEST, message)
}
