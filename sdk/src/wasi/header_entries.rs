//! `http` headers as the `(name, value)` list `wasi:http`'s `fields` take.

/// Every header, repeated ones repeated, in order, for `fields.from-list`.
pub(crate) fn header_entries(headers: &http::HeaderMap) -> Vec<(String, Vec<u8>)> {
    headers
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), value.as_bytes().to_vec()))
        .collect()
}
