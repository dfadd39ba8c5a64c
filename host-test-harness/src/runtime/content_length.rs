//! The `Content-Length` a message declares.

/// The declared `Content-Length`, if there is one and it is a number.
pub(super) fn content_length(headers: &http::HeaderMap) -> Option<u64> {
    headers
        .get(http::header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}
