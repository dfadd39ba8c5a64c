//! `wasi:http` incoming request → [`Request`](crate::Request).

use std::io::Read;

use super::streams::BodyReader;
use crate::wasi::bindings::wasi::http::types::IncomingRequest;
use crate::wasi::request_head::{add_host, bad_request, uri};
use crate::wasi::{fields, method};
use crate::{Body, Error, Request};

/// Converts the host's request; its body stays with the host until read.
/// A method, target or header `http` cannot represent answers 400, naming it.
pub(crate) fn to_request(incoming: IncomingRequest) -> Result<Request, Error> {
    let (parts, ()) = head(&incoming)?.into_parts();
    let body = Body::from_reader(LazyBody {
        reader: None,
        request: incoming,
    });
    Ok(Request::from_parts(parts, body))
}

/// The method, target and headers of the host's request, which keeps its
/// body (a plugin reads this much and passes the request on). Errors as
/// [`to_request`]. The headers' resource is dropped before this returns,
/// so the request can be handed on whole.
pub(crate) fn head(incoming: &IncomingRequest) -> Result<http::Request<()>, Error> {
    let mut request = http::Request::new(());
    *request.method_mut() =
        method::from_wasi(incoming.method()).map_err(|e| bad_request(e.to_string()))?;
    *request.uri_mut() = uri(incoming.path_with_query())?;
    fields::append(request.headers_mut(), incoming.headers().entries())
        .map_err(|e| bad_request(e.to_string()))?;
    add_host(&mut request, incoming.authority());
    Ok(request)
}

/// The request body, opened on the first read: a handler that never reads
/// it (most `GET`s) costs no host calls for it.
struct LazyBody {
    // Declared first, so dropped first: the stream before its request.
    reader: Option<BodyReader>,
    request: IncomingRequest,
}

impl Read for LazyBody {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.reader.is_none() {
            let body = self.request.consume().map_err(|()| {
                std::io::Error::other("the incoming request body was already consumed")
            })?;
            self.reader = Some(BodyReader::new(body)?);
        }
        match &mut self.reader {
            Some(reader) => reader.read(buf),
            None => Ok(0),
        }
    }
}
