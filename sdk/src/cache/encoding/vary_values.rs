//! A varied request header's value as the cache compares it: the same
//! request in other spelling finds the same variant. For the fields that
//! are comma-separated lists (`Accept`, `Accept-Charset`,
//! `Accept-Encoding`, `Accept-Language`), the whitespace around members
//! does not count; for `Accept-Encoding`, whose codings are
//! case-insensitive and weighed by `q` alone, neither do case and order.
//! Any other field is compared as sent (all its lines joined by `,`).

use http::HeaderValue;

/// The fields whose members are separated by commas with optional
/// whitespace (RFC 9110 §5.6.1), and that a cache commonly varies on.
const LISTS: [&str; 4] = [
    "accept",
    "accept-charset",
    "accept-encoding",
    "accept-language",
];

/// The value of `name` (lowercase) as compared: its lines in order.
pub(crate) fn normalized<'a>(name: &str, lines: impl Iterator<Item = &'a HeaderValue>) -> Vec<u8> {
    let lines: Vec<&[u8]> = lines.map(HeaderValue::as_bytes).collect();
    if !LISTS.contains(&name) {
        return lines.join(&b","[..]);
    }
    let mut members: Vec<String> = lines
        .iter()
        .flat_map(|line| line.split(|&b| b == b','))
        .map(|member| {
            let text = String::from_utf8_lossy(member);
            // Inside a member (`gzip ; q=0.5`), spaces around `;` go too.
            text.split(';').map(str::trim).collect::<Vec<_>>().join(";")
        })
        .filter(|member| !member.is_empty())
        .collect();
    if name == "accept-encoding" {
        for member in &mut members {
            member.make_ascii_lowercase();
        }
        members.sort();
    }
    members.join(", ").into_bytes()
}

/// `headers` with each list field of [`LISTS`] as one normalized line, so
/// that the policy's own comparison of varied values agrees with the keys.
pub(crate) fn normalize_lists(headers: &mut http::HeaderMap) {
    for name in LISTS {
        if !headers.contains_key(name) {
            continue;
        }
        let value = normalized(name, headers.get_all(name).iter());
        // (A value that was not UTF-8 and came out lossy is left as it came.)
        if let Ok(value) = HeaderValue::from_bytes(&value) {
            headers.insert(name, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(name: &str, lines: &[&str]) -> String {
        let values: Vec<HeaderValue> = lines
            .iter()
            .map(|l| HeaderValue::from_str(l).expect("a value"))
            .collect();
        String::from_utf8(normalized(name, values.iter())).expect("utf-8")
    }

    #[test]
    fn list_members_lose_their_surrounding_whitespace() {
        assert_eq!(
            value("accept-language", &["en-US,fr ;q=0.5"]),
            "en-US, fr;q=0.5"
        );
        assert_eq!(
            value("accept-language", &["en-US", " fr;q=0.5"]),
            "en-US, fr;q=0.5"
        );
        // Order stays: it may be what ranks equal weights.
        assert_ne!(
            value("accept-language", &["fr, en"]),
            value("accept-language", &["en, fr"])
        );
    }

    #[test]
    fn codings_lose_case_and_order() {
        assert_eq!(
            value("accept-encoding", &["GZIP, br"]),
            value("accept-encoding", &["br,gzip"])
        );
    }

    #[test]
    fn other_fields_are_compared_as_sent() {
        assert_eq!(value("cookie", &["a=1,b=2"]), "a=1,b=2");
        assert_ne!(
            value("cookie", &["a=1, b=2"]),
            value("cookie", &["a=1,b=2"])
        );
    }
}
