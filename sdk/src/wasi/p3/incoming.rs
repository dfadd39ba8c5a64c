//! `wasi:http@0.3` request → [`Request`](crate::Request), its body read
//! from the host only when the handler reads it.

use std::io::Read;

use super::streams::BodyReader;
use crate::wasi::bindings::wasi::http::types::{ErrorCode, Request as WasiRequest};
use crate::wasi::bindings::wit_future;
use crate::wasi::request_head::{add_host, bad_request, uri};
use crate::wasi::{fields, method};
use crate::{Body, Error, Request};

/// Converts the head now; the body is taken from the host on first read.
pub(crate) fn to_request(incoming: WasiRequest) -> Result<Request, Error> {
    let (parts, ()) = head(&incoming)?.into_parts();
    let body = Body::from_reader(LazyBody {
        reader: None,
        request: Some(incoming),
    });
    Ok(Request::from_parts(parts, body))
}

/// The method, target and headers of the host's request, which keeps its
/// body (a plugin reads this much, then passes the request on or reads
/// the body too). A method, target or header `http` cannot represent
/// answers 400, naming it.
pub(crate) fn head(incoming: &WasiRequest) -> Result<http::Request<()>, Error> {
    let mut request = http::Request::new(());
    *request.method_mut() =
        method::from_wasi(incoming.get_method()).map_err(|e| bad_request(e.to_string()))?;
    *request.uri_mut() = uri(incoming.get_path_with_query())?;
    fields::append(request.headers_mut(), incoming.get_headers().copy_all())
        .map_err(|e| bad_request(e.to_string()))?;
    add_host(&mut request, incoming.get_authority());
    Ok(request)
}

/// The request body, taken from the request resource on first read.
struct LazyBody {
    reader: Option<BodyReader>,
    request: Option<WasiRequest>,
}

impl Read for LazyBody {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if let Some(request) = self.request.take() {
            // How the app's handling of the body went, for the host: a
            // writer dropped unwritten reports success.
            let (_handled, handled_rx) = wit_future::new::<Result<(), ErrorCode>>(|| Ok(()));
            let (stream, end) = WasiRequest::consume_body(request, handled_rx);
            self.reader = Some(BodyReader::new(stream, end));
        }
        match &mut self.reader {
            Some(reader) => reader.read(buf),
            None => Ok(0),
        }
    }
}
