//! `wasi:http` incoming request → [`Request`](crate::Request).

use http::header::{HeaderName, HeaderValue};
use http::uri::{Authority, PathAndQuery, Scheme, Uri};

use super::bindings::wasi::http::types::{
    IncomingRequest, Method as WasiMethod, Scheme as WasiScheme,
};
use super::streams::BodyReader;
use crate::{Body, Error, Request};

/// Converts the host's request; its body stays with the host until read.
pub(crate) fn to_request(incoming: IncomingRequest) -> Result<Request, Error> {
    let mut request = Request::new(Body::empty());
    *request.method_mut() = method(incoming.method())?;
    *request.uri_mut() = uri(&incoming)?;

    let headers = request.headers_mut();
    for (name, value) in incoming.headers().entries() {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| bad_request(format!("invalid header name {name:?}")))?;
        let value = HeaderValue::from_bytes(&value)
            .map_err(|_| bad_request(format!("invalid value for header {name}")))?;
        headers.append(name, value);
    }

    let body = incoming
        .consume()
        .map_err(|()| Error::msg("the incoming request body was already consumed"))?;
    *request.body_mut() = Body::from_reader(BodyReader::new(body)?);
    Ok(request)
}

fn method(method: WasiMethod) -> Result<http::Method, Error> {
    Ok(match method {
        WasiMethod::Get => http::Method::GET,
        WasiMethod::Head => http::Method::HEAD,
        WasiMethod::Post => http::Method::POST,
        WasiMethod::Put => http::Method::PUT,
        WasiMethod::Delete => http::Method::DELETE,
        WasiMethod::Connect => http::Method::CONNECT,
        WasiMethod::Options => http::Method::OPTIONS,
        WasiMethod::Trace => http::Method::TRACE,
        WasiMethod::Patch => http::Method::PATCH,
        WasiMethod::Other(other) => http::Method::from_bytes(other.as_bytes())
            .map_err(|_| bad_request(format!("invalid method {other:?}")))?,
    })
}

fn uri(incoming: &IncomingRequest) -> Result<Uri, Error> {
    let path = incoming.path_with_query().unwrap_or_default();
    let path = if path.is_empty() {
        "/".to_owned()
    } else {
        path
    };
    let path_and_query = PathAndQuery::try_from(path)
        .map_err(|e| bad_request(format!("invalid request target: {e}")))?;
    let mut parts = http::uri::Parts::default();
    parts.path_and_query = Some(path_and_query);
    if let Some(authority) = incoming.authority().filter(|a| !a.is_empty()) {
        parts.authority = Some(
            Authority::try_from(authority)
                .map_err(|e| bad_request(format!("invalid authority: {e}")))?,
        );
        parts.scheme = Some(match incoming.scheme() {
            Some(WasiScheme::Https) => Scheme::HTTPS,
            Some(WasiScheme::Other(other)) => Scheme::try_from(other.as_str())
                .map_err(|e| bad_request(format!("invalid scheme: {e}")))?,
            Some(WasiScheme::Http) | None => Scheme::HTTP,
        });
    }
    Uri::from_parts(parts).map_err(|e| bad_request(format!("invalid request URI: {e}")))
}

fn bad_request(message: String) -> Error {
    Error::new(http::StatusCode::BAD_REQUEST, message)
}
