//! An origin's `Transfer-Encoding` the host cannot undo. The host's HTTP
//! client takes `chunked` off a response body and nothing else; a body in
//! another transfer coding (`gzip`, `compress`, a name of its own) would
//! reach the guest still coded, with the field that says so dropped on the
//! way (wasmtime hides `Transfer-Encoding` from guests), so a cache would
//! store and serve bytes no client can read. Such a response is refused as
//! a protocol error, as a reverse proxy refuses it (nginx answers 502),
//! before its body is waited for: a close-delimited body never ends while
//! the origin holds the connection.

use http::HeaderMap;
use http::header::TRANSFER_ENCODING;

/// The first transfer coding in `headers` other than `chunked`, if any,
/// cut to 64 characters (it is the origin's text, bound for a log line).
pub(crate) fn undecoded_coding(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(TRANSFER_ENCODING)
        .iter()
        .flat_map(|value| value.as_bytes().split(|&b| b == b','))
        .map(|coding| String::from_utf8_lossy(coding).trim().to_ascii_lowercase())
        .find(|coding| !coding.is_empty() && coding != "chunked")
        .map(|coding| coding.chars().take(64).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codings(values: &[&'static str]) -> Option<String> {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(TRANSFER_ENCODING, value.parse().expect("a value"));
        }
        undecoded_coding(&headers)
    }

    #[test]
    fn only_chunked_is_undone() {
        assert_eq!(codings(&[]), None);
        assert_eq!(codings(&["chunked"]), None);
        assert_eq!(codings(&["Chunked"]), None);
        assert_eq!(codings(&["gzip"]).as_deref(), Some("gzip"));
        assert_eq!(codings(&["gzip, chunked"]).as_deref(), Some("gzip"));
        assert_eq!(
            codings(&["chunked", "x-custom"]).as_deref(),
            Some("x-custom")
        );
    }
}
