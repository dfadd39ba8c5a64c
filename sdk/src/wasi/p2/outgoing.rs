//! [`Response`](crate::Response) → `wasi:http` outgoing response, streamed.

use std::io::Write;

use super::streams::StreamWriter;
use crate::Response;
use crate::wasi::bindings::wasi::http::types::{OutgoingBody, OutgoingResponse, ResponseOutparam};
use crate::wasi::response_head::response_fields;

/// Hands the status and headers to the host, then streams the body.
///
/// A body whose source fails midway must not look complete to the client.
/// `wasi:http` 0.2 has no call to abort a response, and some hosts end an
/// unfinished body cleanly, so the instance traps instead: every host then
/// knows the response is broken. A client that went away is not a failure
/// of the app, so that only ends the body.
pub(crate) fn send(response: Response, out: ResponseOutparam) {
    let (parts, body) = response.into_parts();
    let headers = response_fields(&parts.headers, &body);

    let wasi_response = OutgoingResponse::new(headers);
    // A new response is 200 already: one host call fewer for most answers.
    // Infallible: every `http::StatusCode` is in 100..=999.
    if parts.status != http::StatusCode::OK {
        let _ = wasi_response.set_status_code(parts.status.as_u16());
    }
    let Ok(wasi_body) = wasi_response.body() else {
        unreachable!("a new outgoing response hands out its body once")
    };
    ResponseOutparam::set(out, Ok(wasi_response));

    let Ok(stream) = wasi_body.write() else {
        unreachable!("a new outgoing body hands out its stream once")
    };
    let mut writer = StreamWriter::new(&stream);
    let sent = body.write_to(&mut writer).and_then(|_| writer.flush());
    let client_gone = writer.closed;
    drop(stream);
    match sent {
        Ok(()) => {
            if OutgoingBody::finish(wasi_body, None).is_err() {
                eprintln!("edge: the host refused the end of the response body");
            }
        }
        Err(_) if client_gone => eprintln!("edge: the client went away before the body was sent"),
        Err(e) => {
            eprintln!("edge: the response body failed after the headers were sent: {e}");
            std::process::abort();
        }
    }
}
