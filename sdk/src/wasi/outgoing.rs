//! [`Response`](crate::Response) → `wasi:http` outgoing response, streamed.

use std::io::Write;

use http::header::CONTENT_LENGTH;

use super::bindings::wasi::http::types::{
    Fields, OutgoingBody, OutgoingResponse, ResponseOutparam,
};
use super::streams::StreamWriter;
use crate::Response;

/// Hands the status and headers to the host, then streams the body.
///
/// A body that fails midway is not finished, so the host cuts the
/// response instead of ending it as if it were complete.
pub(crate) fn send(response: Response, out: ResponseOutparam) {
    let (parts, body) = response.into_parts();
    let fields = Fields::new();
    for (name, value) in &parts.headers {
        if let Err(e) = fields.append(name.as_str(), value.as_bytes()) {
            eprintln!("edge: response header `{name}` dropped, the host refuses it: {e:?}");
        }
    }
    if let Some(len) = body.len_hint()
        && !parts.headers.contains_key(CONTENT_LENGTH)
    {
        // Infallible: a decimal length is a valid header value.
        let _ = fields.append(CONTENT_LENGTH.as_str(), len.to_string().as_bytes());
    }

    let wasi_response = OutgoingResponse::new(fields);
    // Infallible: every `http::StatusCode` is in 100..=999.
    let _ = wasi_response.set_status_code(parts.status.as_u16());
    let Ok(wasi_body) = wasi_response.body() else {
        unreachable!("a new outgoing response hands out its body once")
    };
    ResponseOutparam::set(out, Ok(wasi_response));

    let Ok(stream) = wasi_body.write() else {
        unreachable!("a new outgoing body hands out its stream once")
    };
    let mut writer = StreamWriter { stream: &stream };
    let sent = body.write_to(&mut writer).and_then(|_| writer.flush());
    drop(stream);
    match sent {
        Ok(()) => {
            if let Err(e) = OutgoingBody::finish(wasi_body, None) {
                eprintln!("edge: the host refused the end of the response body: {e:?}");
            }
        }
        // Dropping the body unfinished tells the host the response is cut.
        Err(e) => eprintln!("edge: response body failed after the headers were sent: {e}"),
    }
}
