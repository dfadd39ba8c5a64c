//! Fields named in `Connection` (RFC 9110 §7.6.1): options of one hop
//! (the client's connection to the host, or the host's to an origin),
//! which must go no further. wasmtime drops `Connection` itself before a
//! guest sees a message, but not the fields it names, so the host drops
//! those first: a guest (a cache above all) never stores or forwards them.

use http::HeaderMap;
use http::header::{CONNECTION, HeaderName};

/// Removes from `headers` every field `Connection` names.
pub(crate) fn strip_connection_named(headers: &mut HeaderMap) {
    let named: Vec<HeaderName> = headers
        .get_all(CONNECTION)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|name| HeaderName::from_bytes(name.trim().as_bytes()).ok())
        .collect();
    for name in named {
        headers.remove(name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_named_fields_go_and_the_others_stay() {
        let mut headers = HeaderMap::new();
        headers.append(CONNECTION, "X-Secret, close".parse().expect("a value"));
        headers.append(CONNECTION, "x-other".parse().expect("a value"));
        headers.insert("x-secret", "s".parse().expect("a value"));
        headers.insert("x-other", "o".parse().expect("a value"));
        headers.insert("x-kept", "k".parse().expect("a value"));
        strip_connection_named(&mut headers);
        assert!(!headers.contains_key("x-secret"));
        assert!(!headers.contains_key("x-other"));
        assert_eq!(headers.get("x-kept").map(|v| v.as_bytes()), Some(&b"k"[..]));
    }
}
