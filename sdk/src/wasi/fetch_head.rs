//! The heads of a fetch, alike for both backends: the request's as the
//! host takes it, and the response's as the app gets it.

use super::bindings::wasi::http::types::{Fields, Method, RequestOptions, Scheme};
use super::fields::{self, Entry};
use super::method;
use crate::fetch_error::{FetchError, FetchErrorKind};
use crate::fetch_timeouts::Timeouts;
use crate::{Body, Response};

/// What an outgoing request is made of, checked and converted.
pub(crate) struct FetchHead {
    pub(crate) headers: Fields,
    pub(crate) method: Method,
    pub(crate) scheme: Scheme,
    pub(crate) authority: String,
    pub(crate) path: String,
    pub(crate) options: Option<RequestOptions>,
}

/// The head of a request to `url`, or why the host cannot send it: a URL
/// that is not absolute, a header only the host may set.
pub(crate) fn fetch_head(parts: &http::request::Parts, url: &str) -> Result<FetchHead, FetchError> {
    let (Some(scheme), Some(authority)) = (parts.uri.scheme(), parts.uri.authority()) else {
        return Err(invalid(
            url,
            "needs an absolute URL with a scheme and a host, like https://api.example.com/path"
                .to_owned(),
        ));
    };
    let mut refused = None;
    let headers = fields::to_fields(&fields::to_entries(&parts.headers), |name| {
        refused.get_or_insert_with(|| name.to_owned());
    });
    if let Some(refused) = refused {
        return Err(invalid(
            url,
            format!("header `{refused}` cannot be set on an outgoing request: the host sets it"),
        ));
    }
    let scheme = match scheme.as_str() {
        "http" => Scheme::Http,
        "https" => Scheme::Https,
        other => Scheme::Other(other.to_owned()),
    };
    Ok(FetchHead {
        headers,
        method: method::to_wasi(&parts.method),
        scheme,
        authority: authority.as_str().to_owned(),
        path: parts
            .uri
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_owned(),
        options: parts.extensions.get::<Timeouts>().map(request_options),
    })
}

/// The error of a request whose method, scheme, host or path the host
/// refused to set.
pub(crate) fn refused_by_host(url: &str) -> FetchError {
    invalid(
        url,
        "the host refused the method, scheme, host or path".to_owned(),
    )
}

fn invalid(url: &str, detail: String) -> FetchError {
    FetchError::new(FetchErrorKind::InvalidRequest, url, detail)
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

/// A response of `status` with `entries` for headers and an empty body
/// (the backend sets the streaming one), or why the app cannot have it.
pub(crate) fn response_head(
    status: u16,
    entries: Vec<Entry>,
    url: &str,
) -> Result<Response, FetchError> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = http::StatusCode::from_u16(status).map_err(|_| {
        FetchError::new(
            FetchErrorKind::Protocol,
            url,
            "the response has an invalid status",
        )
    })?;
    fields::append(response.headers_mut(), entries).map_err(|e| {
        FetchError::new(
            FetchErrorKind::Protocol,
            url,
            format!("the response has an {e}"),
        )
    })?;
    Ok(response)
}
