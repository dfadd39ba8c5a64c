//! [`Request`](crate::Request) → `wasi:http` outgoing request, and the
//! incoming response back.

use std::io::Write;

use super::streams::{BodyReader, StreamWriter};
use crate::fetch_error::{FetchError, FetchErrorKind};
use crate::wasi::bindings::wasi::http::outgoing_handler;
use crate::wasi::bindings::wasi::http::types::{
    ErrorCode, FutureIncomingResponse, IncomingResponse, OutgoingBody, OutgoingRequest,
};
use crate::wasi::bindings::wasi::io::poll;
use crate::wasi::error_code::error;
use crate::wasi::fetch_head::{fetch_head, refused_by_host, response_head};
use crate::{Body, Request, Response};

/// A request handed to the host, its response not yet read.
pub(crate) struct Pending {
    future: FutureIncomingResponse,
    url: String,
}

/// Hands `request` to the host, then streams its body.
pub(crate) fn start(request: Request) -> Result<Pending, FetchError> {
    let (parts, body) = request.into_parts();
    let url = parts.uri.to_string();
    let head = fetch_head(&parts, &url)?;
    let outgoing = OutgoingRequest::new(head.headers);
    let accepted = outgoing.set_method(&head.method).is_ok()
        && outgoing.set_scheme(Some(&head.scheme)).is_ok()
        && outgoing.set_authority(Some(&head.authority)).is_ok()
        && outgoing.set_path_with_query(Some(&head.path)).is_ok();
    if !accepted {
        return Err(refused_by_host(&url));
    }
    let options = head.options;
    let Ok(outgoing_body) = outgoing.body() else {
        unreachable!("a new outgoing request hands out its body once")
    };

    let future = outgoing_handler::handle(outgoing, options).map_err(|code| error(&url, &code))?;
    let pending = Pending { future, url };
    if let Err(e) = send_body(body, outgoing_body) {
        // The host may have failed the request already (denied it, say):
        // that is the error to report, not the body it no longer reads.
        let url = pending.url.clone();
        return Err(match pending.wait() {
            Err(host_error) => host_error,
            Ok(_) => FetchError::new(
                FetchErrorKind::Protocol,
                url,
                format!("sending the request body failed: {e}"),
            ),
        });
    }
    Ok(pending)
}

fn send_body(body: Body, outgoing_body: OutgoingBody) -> std::io::Result<()> {
    let Ok(stream) = outgoing_body.write() else {
        unreachable!("a new outgoing body hands out its stream once")
    };
    let mut writer = StreamWriter::new(&stream);
    let sent = body.write_to(&mut writer).and_then(|_| writer.flush());
    drop(stream);
    sent?;
    OutgoingBody::finish(outgoing_body, None)
        .map_err(|_| std::io::Error::other("the host refused the end of the request body"))
}

impl Pending {
    /// Blocks until the response head is here.
    pub(crate) fn wait(self) -> Result<Response, FetchError> {
        loop {
            if let Some(result) = self.future.get() {
                return self.finish(result);
            }
            self.future.subscribe().block();
        }
    }

    fn finish(
        &self,
        result: Result<Result<IncomingResponse, ErrorCode>, ()>,
    ) -> Result<Response, FetchError> {
        match result {
            Ok(Ok(incoming)) => to_response(incoming, &self.url),
            Ok(Err(code)) => Err(error(&self.url, &code)),
            Err(()) => unreachable!("a response is taken from its future once"),
        }
    }
}

/// Blocks until each of `pending` answers, in order: they are all in
/// flight already, so this takes about as long as the slowest.
pub(crate) fn wait_all(pending: Vec<Pending>) -> Vec<Result<Response, FetchError>> {
    pending.into_iter().map(Pending::wait).collect()
}

/// Blocks until one of `pending` answers; the rest are dropped.
pub(crate) fn wait_first(pending: Vec<Pending>) -> (usize, Result<Response, FetchError>) {
    let pollables: Vec<_> = pending.iter().map(|p| p.future.subscribe()).collect();
    let borrowed: Vec<&poll::Pollable> = pollables.iter().collect();
    loop {
        for index in poll::poll(&borrowed) {
            let index = index as usize;
            if let Some(result) = pending[index].future.get() {
                let answer = pending[index].finish(result);
                return (index, answer);
            }
        }
    }
}

fn to_response(incoming: IncomingResponse, url: &str) -> Result<Response, FetchError> {
    let mut response = response_head(incoming.status(), incoming.headers().entries(), url)?;
    let Ok(body) = incoming.consume() else {
        unreachable!("a new incoming response hands out its body once")
    };
    let reader = BodyReader::new(body)
        .map_err(|e| FetchError::new(FetchErrorKind::Protocol, url, e.to_string()))?;
    *response.body_mut() = Body::from_reader(ResponseBody {
        reader,
        _response: incoming,
    });
    Ok(response)
}

/// A response body reader that keeps its response resource alive.
struct ResponseBody {
    reader: BodyReader,
    _response: IncomingResponse,
}

impl std::io::Read for ResponseBody {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.reader.read(buf)
    }
}
