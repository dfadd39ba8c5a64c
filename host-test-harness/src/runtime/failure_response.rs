//! The response the host sends for a [`Failure`]: one rendering for
//! `edge serve` and `TestApp` alike.

use bytes::Bytes;
use http::{HeaderValue, StatusCode, header};

use super::failure::Failure;
use super::guest_body::GuestBody;

/// The host's own response for `failure`: its status, the status's reason
/// as plain text, and `Retry-After: 1` when the host is overloaded (a
/// moment later a slot is likely free).
pub fn failure_response(failure: &Failure) -> http::Response<GuestBody> {
    let status = failure.status();
    let text = status.canonical_reason().unwrap_or("Error");
    let mut response = http::Response::new(GuestBody::host(Bytes::from_static(text.as_bytes())));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    if status == StatusCode::SERVICE_UNAVAILABLE {
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    response
}
