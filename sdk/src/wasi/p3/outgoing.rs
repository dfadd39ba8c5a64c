//! [`Response`](crate::Response) → `wasi:http@0.3` response, its body
//! written by a task that runs on after the handler has returned it, and
//! then the [`after_response`](crate::after_response) tasks.

use std::io::Write;

use super::streams::BodyWriter;
use crate::Response;
use crate::wasi::bindings::wasi::http::types::{ErrorCode, Response as WasiResponse, Trailers};
use crate::wasi::bindings::{wit_future, wit_stream};
use crate::wasi::response_head::response_fields;

/// The response the handler returns to the host. Its body is streamed by
/// a task left running: the host reads it only once it has the response.
///
/// A body whose source fails midway ends in an error the host sees (0.3
/// says so in the body's end future), so the client knows the response is
/// broken; a client that went away only ends the body.
pub(crate) fn respond(response: Response) -> WasiResponse {
    let (parts, body) = response.into_parts();
    let headers = response_fields(&parts.headers, &body);
    let (contents, contents_rx) = wit_stream::new::<u8>();
    let (end, end_rx) = wit_future::new::<Result<Option<Trailers>, ErrorCode>>(|| Ok(None));
    let (wasi_response, _sent) = WasiResponse::new(headers, Some(contents_rx), end_rx);
    // A new response is 200 already: one host call fewer for most answers.
    // Infallible: every `http::StatusCode` is in 100..=999.
    if parts.status != http::StatusCode::OK {
        let _ = wasi_response.set_status_code(parts.status.as_u16());
    }
    wit_bindgen::spawn_local(async move {
        let mut writer = BodyWriter::new(contents);
        let sent = body.write_to(&mut writer).and_then(|_| writer.flush());
        let client_gone = writer.closed;
        drop(writer);
        let ending = match sent {
            Ok(()) => Ok(None),
            Err(_) if client_gone => {
                eprintln!("edge: the client went away before the body was sent");
                Ok(None)
            }
            Err(e) => {
                eprintln!("edge: the response body failed after the headers were sent: {e}");
                Err(ErrorCode::InternalError(Some(e.to_string())))
            }
        };
        // The host may have stopped reading: then nobody hears the end.
        let _ = end.write(ending).await;
        crate::after_response::run_after_response();
    });
    wasi_response
}
