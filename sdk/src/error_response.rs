//! How a handler's [`Error`] reaches the log and the client.

use http::{Method, StatusCode, Uri, header};

use crate::{Body, Error, Response};

/// Writes the error to stderr and builds the response the client gets.
///
/// A 5xx answer carries only the status's reason: internal details stay in
/// the log. A 4xx answer carries the message, which tells the client what
/// to fix.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn log_and_render(method: &Method, uri: &Uri, error: &Error) -> Response {
    let status = error.status();
    eprintln!(
        "edge: {} {} failed with {}: {error}",
        method.as_str(),
        uri.path(),
        status.as_str()
    );
    let body = if status.is_server_error() {
        Body::from(server_error_text(status))
    } else {
        Body::from(error.to_string())
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// The body of a 5xx answer: the reason phrase, and nothing of the error.
/// (A small table rather than `canonical_reason`, which costs 1.7 KB.)
fn server_error_text(status: StatusCode) -> &'static str {
    match status.as_u16() {
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Internal Server Error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_errors_hide_their_message() {
        let error = Error::msg("password=hunter2");
        let response = log_and_render(&Method::GET, &Uri::from_static("/"), &error);
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = response.into_body().into_string().expect("whole body");
        assert_eq!(body, "Internal Server Error");
    }

    #[test]
    fn client_errors_show_their_message() {
        let error = Error::new(StatusCode::BAD_REQUEST, "missing `name`");
        let response = log_and_render(&Method::POST, &Uri::from_static("/users"), &error);
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let body = response.into_body().into_string().expect("whole body");
        assert_eq!(body, "missing `name`");
    }
}
