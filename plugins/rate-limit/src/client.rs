//! Who made a request: the entry of a proxy-written list (such as
//! `X-Forwarded-For`) that the nearest untrusted party wrote.

use edge::plugin::RequestHead;

/// The id of requests that name no client: they share one allowance.
const ANONYMOUS: &[u8] = b"anonymous";

/// The client `req` came from, by `header`: its lines read as one
/// comma-separated list, in order, and the entry `trusted_hops` places
/// from the right (0: the rightmost, which the nearest proxy appended
/// for the address it saw). Entries to the left of it are the client's
/// to write, so none of them is trusted. With fewer entries than
/// `trusted_hops + 1` the leftmost counts. `anonymous` when the header is
/// missing or the entry is empty.
pub(crate) fn client<'a>(req: &'a RequestHead, header: &str, trusted_hops: usize) -> &'a [u8] {
    let entry = req
        .headers()
        .get_all(header)
        .iter()
        .flat_map(|line| line.as_bytes().split(|&byte| byte == b','))
        .rev()
        .take(trusted_hops.saturating_add(1))
        .last()
        .map(<[u8]>::trim_ascii)
        .filter(|id| !id.is_empty());
    entry.unwrap_or(ANONYMOUS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(header: &str, values: &[&str]) -> RequestHead {
        let mut builder = edge::http::Request::get("/");
        for value in values {
            builder = builder.header(header, *value);
        }
        builder.body(()).expect("a valid request")
    }

    #[test]
    fn the_client_is_the_rightmost_untrusted_entry() {
        let req = with("x-forwarded-for", &[" 6.6.6.6 , 203.0.113.7 , 10.0.0.1 "]);
        let client = |hops| client(&req, "x-forwarded-for", hops);
        assert_eq!(client(0), b"10.0.0.1");
        assert_eq!(client(1), b"203.0.113.7");
        assert_eq!(client(2), b"6.6.6.6");
        assert_eq!(client(9), b"6.6.6.6", "too few entries: the leftmost");
    }

    #[test]
    fn header_lines_are_one_list_in_order() {
        let req = with("x-forwarded-for", &["6.6.6.6, 1.1.1.1", "203.0.113.7"]);
        assert_eq!(client(&req, "x-forwarded-for", 0), b"203.0.113.7");
        assert_eq!(client(&req, "x-forwarded-for", 1), b"1.1.1.1");
    }

    #[test]
    fn without_the_header_or_with_an_empty_entry_the_client_is_anonymous() {
        let req = with("x-forwarded-for", &["203.0.113.7"]);
        assert_eq!(client(&req, "x-real-ip", 0), b"anonymous");
        assert_eq!(
            client(&with("x-real-ip", &[""]), "x-real-ip", 0),
            b"anonymous"
        );
        assert_eq!(
            client(&with("x-real-ip", &["1.2.3.4, "]), "x-real-ip", 0),
            b"anonymous"
        );
    }
}
