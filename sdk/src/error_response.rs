//! How a handler's [`Error`] reaches the log and the client.

use http::{Method, Uri, header};

use crate::{Body, Error, Response};

/// Writes the error to stderr and builds the response the client gets.
///
/// A 5xx answer carries only the status's reason: internal details stay in
/// the log. A 4xx answer carries the message, which tells the client what
/// to fix.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn log_and_render(method: &Method, uri: &Uri, error: &Error) -> Response {
    let status = error.status();
    eprintln!("edge: {method} {uri} failed with {status}: {error}");
    let text = if status.is_server_error() {
        status
            .canonical_reason()
            .unwrap_or("Server Error")
            .to_owned()
    } else {
        error.to_string()
    };
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;

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
