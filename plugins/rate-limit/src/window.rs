//! Fixed windows: which window a moment falls in, the key that counts a
//! client's requests in it, and how long until it ends.

use edge::plugin::RequestHead;

/// The longest client id kept; a longer one is cut, so that a client
/// cannot make the store's keys large.
const MAX_CLIENT_ID: usize = 64;

/// Who made the request: the first address in `header` (a proxy's
/// `X-Forwarded-For` list, say), with anything but letters, digits and
/// `.:-_` replaced by `_`; `anonymous` when the header is missing, so
/// that such requests share one allowance.
pub(crate) fn client(req: &RequestHead, header: &str) -> String {
    let first = req
        .headers()
        .get(header)
        .and_then(|value| value.to_str().ok())
        .and_then(|list| list.split(',').next())
        .map(str::trim)
        .filter(|id| !id.is_empty());
    match first {
        None => "anonymous".to_owned(),
        Some(id) => id
            .chars()
            .take(MAX_CLIENT_ID)
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-' | '_') {
                    c
                } else {
                    '_'
                }
            })
            .collect(),
    }
}

/// The window `now` (seconds since the epoch) falls in.
pub(crate) fn index(now: u64, window_seconds: u64) -> u64 {
    now / window_seconds
}

/// The key counting `client`'s requests in window `index`.
pub(crate) fn key(client: &str, index: u64) -> String {
    format!("rate-limit:{client}:{index}")
}

/// Whole seconds from `now` until its window ends: at least 1.
pub(crate) fn retry_after(now: u64, window_seconds: u64) -> u64 {
    window_seconds - now % window_seconds
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(header: &str, value: &str) -> RequestHead {
        edge::http::Request::get("/")
            .header(header, value)
            .body(())
            .expect("a valid request")
    }

    #[test]
    fn the_client_is_the_first_forwarded_address() {
        let req = with("x-forwarded-for", " 203.0.113.7 , 10.0.0.1");
        assert_eq!(client(&req, "x-forwarded-for"), "203.0.113.7");
        assert_eq!(client(&req, "x-real-ip"), "anonymous");
        assert_eq!(client(&with("x-real-ip", ""), "x-real-ip"), "anonymous");
    }

    #[test]
    fn a_hostile_client_id_is_cut_and_cleaned() {
        let long = "a".repeat(500);
        assert_eq!(
            client(&with("x-client", &long), "x-client").len(),
            MAX_CLIENT_ID
        );
        assert_eq!(client(&with("x-client", "a b/c:d"), "x-client"), "a_b_c:d");
    }

    #[test]
    fn windows_are_fixed_and_retry_after_reaches_the_next() {
        assert_eq!(index(119, 60), 1);
        assert_eq!(index(120, 60), 2);
        assert_eq!(retry_after(120, 60), 60);
        assert_eq!(retry_after(179, 60), 1);
        assert_eq!(key("203.0.113.7", 2), "rate-limit:203.0.113.7:2");
    }
}
