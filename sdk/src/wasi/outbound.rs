//! [`Request`](crate::Request) → `wasi:http` outgoing request, and the
//! incoming response back.

use std::io::Write;

use super::bindings::wasi::http::outgoing_handler;
use super::bindings::wasi::http::types::{
    ErrorCode, FutureIncomingResponse, IncomingResponse, OutgoingBody, OutgoingRequest,
    RequestOptions, Scheme,
};
use super::bindings::wasi::io::poll;
use super::streams::{BodyReader, StreamWriter};
use super::{fields, method};
use crate::fetch_error::{FetchError, FetchErrorKind};
use crate::fetch_timeouts::Timeouts;
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
    let invalid =
        |detail: String| FetchError::new(FetchErrorKind::InvalidRequest, url.clone(), detail);

    let (Some(scheme), Some(authority)) = (parts.uri.scheme(), parts.uri.authority()) else {
        return Err(invalid(
            "needs an absolute URL with a scheme and a host, like https://api.example.com/path"
                .to_owned(),
        ));
    };
    let mut refused = None;
    let headers = fields::to_fields(&fields::to_entries(&parts.headers), |name| {
        refused.get_or_insert_with(|| name.to_owned());
    });
    if let Some(refused) = refused {
        return Err(invalid(format!(
            "header `{refused}` cannot be set on an outgoing request: the host sets it"
        )));
    }
    let outgoing = OutgoingRequest::new(headers);
    let method = method::to_wasi(&parts.method);
    let scheme = match scheme.as_str() {
        "http" => Scheme::Http,
        "https" => Scheme::Https,
        other => Scheme::Other(other.to_owned()),
    };
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let accepted = outgoing.set_method(&method).is_ok()
        && outgoing.set_scheme(Some(&scheme)).is_ok()
        && outgoing.set_authority(Some(authority.as_str())).is_ok()
        && outgoing.set_path_with_query(Some(path)).is_ok();
    if !accepted {
        return Err(invalid(
            "the host refused the method, scheme, host or path".to_owned(),
        ));
    }
    let options = parts.extensions.get::<Timeouts>().map(request_options);
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

fn request_options(timeouts: &Timeouts) -> RequestOptions {
    let options = RequestOptions::new();
    let nanos = |d: std::time::Duration| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
    // A host that does not support a timeout refuses it; the request goes
    // out with the host's own.
    let _ = options.set_connect_timeout(timeouts.connect.map(nanos));
    let _ = options.set_first_byte_timeout(timeouts.first_byte.map(nanos));
    let _ = options.set_between_bytes_timeout(timeouts.between_bytes.map(nanos));
    options
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
    let mut response = Response::new(Body::empty());
    *response.status_mut() = http::StatusCode::from_u16(incoming.status()).map_err(|_| {
        FetchError::new(
            FetchErrorKind::Protocol,
            url,
            "the response has an invalid status",
        )
    })?;
    fields::append(response.headers_mut(), incoming.headers().entries()).map_err(|e| {
        FetchError::new(
            FetchErrorKind::Protocol,
            url,
            format!("the response has an {e}"),
        )
    })?;
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

/// The typed error for a host error code.
fn error(url: &str, code: &ErrorCode) -> FetchError {
    use FetchErrorKind as Kind;
    let (kind, detail) = match code {
        ErrorCode::DnsTimeout => (Kind::Dns, "DNS lookup timed out"),
        ErrorCode::DnsError(_) | ErrorCode::DestinationNotFound => {
            (Kind::Dns, "the host name does not resolve")
        }
        ErrorCode::ConnectionRefused => (Kind::ConnectionRefused, "connection refused"),
        ErrorCode::DestinationUnavailable | ErrorCode::DestinationIpUnroutable => {
            (Kind::ConnectionRefused, "the destination is unreachable")
        }
        ErrorCode::ConnectionTimeout => (Kind::Timeout, "connecting timed out"),
        ErrorCode::ConnectionReadTimeout | ErrorCode::HttpResponseTimeout => {
            (Kind::Timeout, "the response did not come in time")
        }
        ErrorCode::ConnectionWriteTimeout => (Kind::Timeout, "sending the request timed out"),
        ErrorCode::HttpRequestDenied | ErrorCode::DestinationIpProhibited => (
            Kind::Denied,
            "the host does not allow requests to this destination",
        ),
        ErrorCode::HttpRequestMethodInvalid => (Kind::InvalidRequest, "invalid method"),
        ErrorCode::HttpRequestUriInvalid => (Kind::InvalidRequest, "invalid URL"),
        ErrorCode::HttpRequestUriTooLong => (Kind::InvalidRequest, "URL too long"),
        ErrorCode::TlsProtocolError
        | ErrorCode::TlsCertificateError
        | ErrorCode::TlsAlertReceived(_) => (Kind::Tls, "TLS failed"),
        ErrorCode::ConnectionTerminated => (Kind::Protocol, "the connection was cut"),
        ErrorCode::HttpResponseIncomplete => (Kind::Protocol, "the response was incomplete"),
        _ => (Kind::Protocol, "HTTP protocol error"),
    };
    FetchError::new(kind, url, detail)
}
