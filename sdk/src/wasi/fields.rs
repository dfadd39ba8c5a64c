//! Headers between `http`'s [`HeaderMap`] and `wasi:http`'s `fields`,
//! both ways.
//!
//! One rule for a bad header, in both directions: it is never dropped
//! silently.
//!
//! - `wasi:http` → `http` (an incoming request, a fetched response): a name
//!   or value that `http` cannot represent is an error naming the header.
//!   The caller answers it: 400 for a request, a failed fetch for a response.
//! - `http` → `wasi:http` (an outgoing request, the response): every `http`
//!   header is valid, but the host may refuse one it sets itself
//!   (`connection`, say). The refused headers are named: an outgoing request
//!   fails naming the first; the response, which has no caller left to
//!   fail, goes without them and the log names each.
//!
//! The conversions work on the `(name, value)` pairs that `fields.entries`
//! returns and `fields.from-list` takes, so they run natively too; only
//! `to_fields` calls the host.

use std::fmt;

use http::HeaderMap;
use http::header::{HeaderName, HeaderValue};

#[cfg(target_arch = "wasm32")]
use super::bindings::wasi::http::types::Fields;

/// A header as `wasi:http` lists it: a name, and a value in bytes.
pub(crate) type Entry = (String, Vec<u8>);

/// A header `http` cannot represent.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum InvalidHeader {
    /// The name is not a valid header name.
    Name(String),
    /// The value of the header named here holds bytes a value cannot.
    Value(String),
}

impl fmt::Display for InvalidHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Name(name) => write!(f, "invalid header name `{name}`"),
            Self::Value(name) => write!(f, "invalid value for header `{name}`"),
        }
    }
}

/// Appends the headers of a `wasi:http` list to `headers`, repeated ones
/// kept in order; the first one `http` cannot represent is an error. (It
/// fills the map it is given: building a new one costs bytes in every
/// component.)
pub(crate) fn append(headers: &mut HeaderMap, entries: Vec<Entry>) -> Result<(), InvalidHeader> {
    for (name, value) in entries {
        let Ok(header) = HeaderName::from_bytes(name.as_bytes()) else {
            return Err(InvalidHeader::Name(name));
        };
        let Ok(value) = HeaderValue::from_bytes(&value) else {
            return Err(InvalidHeader::Value(header.as_str().to_owned()));
        };
        headers.append(header, value);
    }
    Ok(())
}

/// Every header as a `wasi:http` list, repeated ones repeated, in order.
pub(crate) fn to_entries(headers: &HeaderMap) -> Vec<Entry> {
    headers
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), value.as_bytes().to_vec()))
        .collect()
}

/// A host `fields` resource holding `entries`, calling `refused` with the
/// name of each header the host refuses. One host call for the whole list;
/// if the host refuses it, one call per header, to keep the others and name
/// the refused ones.
#[cfg(target_arch = "wasm32")]
pub(crate) fn to_fields(entries: &[Entry], mut refused: impl FnMut(&str)) -> Fields {
    if let Ok(fields) = Fields::from_list(entries) {
        return fields;
    }
    let fields = Fields::new();
    for (name, value) in entries {
        if fields.append(name, value).is_err() {
            refused(name);
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, value: &[u8]) -> Entry {
        (name.to_owned(), value.to_vec())
    }

    fn to_header_map(entries: Vec<Entry>) -> Result<HeaderMap, InvalidHeader> {
        let mut headers = HeaderMap::new();
        append(&mut headers, entries)?;
        Ok(headers)
    }

    #[test]
    fn headers_go_both_ways_keeping_repeats_and_order() {
        let entries = vec![
            entry("content-type", b"text/plain"),
            entry("set-cookie", b"a=1"),
            entry("x-bytes", b"caf\xc3\xa9"),
            entry("set-cookie", b"b=2"),
        ];
        let headers = to_header_map(entries).expect("valid headers");
        assert_eq!(headers.len(), 4);
        let cookies: Vec<_> = headers.get_all("set-cookie").iter().collect();
        assert_eq!(cookies, ["a=1", "b=2"]);
        assert_eq!(headers["x-bytes"].as_bytes(), b"caf\xc3\xa9");

        let back = to_entries(&headers);
        assert_eq!(
            back,
            [
                entry("content-type", b"text/plain"),
                entry("set-cookie", b"a=1"),
                entry("set-cookie", b"b=2"),
                entry("x-bytes", b"caf\xc3\xa9"),
            ]
        );
    }

    #[test]
    fn headers_are_appended_to_those_already_there() {
        let mut headers = HeaderMap::new();
        headers.insert("host", HeaderValue::from_static("example.com"));
        append(&mut headers, vec![entry("host", b"other.example")]).expect("valid");
        let hosts: Vec<_> = headers.get_all("host").iter().collect();
        assert_eq!(hosts, ["example.com", "other.example"]);
    }

    #[test]
    fn names_are_lowercased_as_http_does() {
        let headers = to_header_map(vec![entry("X-Mixed", b"1")]).expect("valid");
        assert_eq!(to_entries(&headers), [entry("x-mixed", b"1")]);
    }

    #[test]
    fn a_header_http_cannot_represent_is_an_error_naming_it() {
        let table = [
            (entry("bad name", b"x"), "invalid header name `bad name`"),
            (entry("", b"x"), "invalid header name ``"),
            (
                entry("x-split", b"a\r\nb"),
                "invalid value for header `x-split`",
            ),
            (entry("X-Nul", b"\0"), "invalid value for header `x-nul`"),
        ];
        for (bad, message) in table {
            let entries = vec![entry("x-good", b"1"), bad];
            let err = to_header_map(entries).expect_err("a bad header");
            assert_eq!(err.to_string(), message);
        }
    }
}
