//! A response's headers as host `fields`, alike for both backends.

use http::header::CONTENT_LENGTH;

use super::bindings::wasi::http::types::Fields;
use super::fields;
use crate::Body;

/// The headers of a response with `body`, with a `Content-Length` added
/// when the body's length is known and the app set none. A header the host
/// refuses goes; the log names it (see `fields`).
pub(crate) fn response_fields(headers: &http::HeaderMap, body: &Body) -> Fields {
    let mut entries = fields::to_entries(headers);
    if let Some(len) = body.len_hint().filter(|&len| len > 0)
        && !headers.contains_key(CONTENT_LENGTH)
    {
        entries.push((
            CONTENT_LENGTH.as_str().to_owned(),
            len.to_string().into_bytes(),
        ));
    }
    fields::to_fields(&entries, |name| {
        eprintln!("edge: response header `{name}` dropped: the host does not let guests set it");
    })
}
