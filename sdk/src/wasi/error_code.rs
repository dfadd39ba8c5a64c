//! A host's `wasi:http` error code as a [`FetchError`]: the variants are
//! named alike in 0.2 and 0.3, so one mapping serves both.

use crate::fetch_error::{FetchError, FetchErrorKind};
use crate::wasi::bindings::wasi::http::types::ErrorCode;

/// The typed error for a host error code.
pub(crate) fn error(url: &str, code: &ErrorCode) -> FetchError {
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
