//! Request methods between `http` and `wasi:http`, both ways.
//!
//! `wasi:http` names nine methods as variants and carries any other by
//! name (`other`); `http` represents every valid method token. A name that
//! is not a valid token is an error naming it.

use std::fmt;

use http::Method;

#[cfg(target_arch = "wasm32")]
use super::bindings::wasi::http::types::Method as WasiMethod;

/// A method name that `http` cannot represent: not an HTTP token.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct InvalidMethod(pub(crate) String);

impl fmt::Display for InvalidMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid method `{}`", self.0)
    }
}

/// The method a name that `wasi:http` carries as `other` stands for.
pub(crate) fn from_name(name: &str) -> Result<Method, InvalidMethod> {
    Method::from_bytes(name.as_bytes()).map_err(|_| InvalidMethod(name.to_owned()))
}

/// The `http` method for a `wasi:http` one.
#[cfg(target_arch = "wasm32")]
pub(crate) fn from_wasi(method: WasiMethod) -> Result<Method, InvalidMethod> {
    Ok(match method {
        WasiMethod::Get => Method::GET,
        WasiMethod::Head => Method::HEAD,
        WasiMethod::Post => Method::POST,
        WasiMethod::Put => Method::PUT,
        WasiMethod::Delete => Method::DELETE,
        WasiMethod::Connect => Method::CONNECT,
        WasiMethod::Options => Method::OPTIONS,
        WasiMethod::Trace => Method::TRACE,
        WasiMethod::Patch => Method::PATCH,
        WasiMethod::Other(name) => from_name(&name)?,
    })
}

/// The `wasi:http` method for an `http` one: its variant, or `other` by name.
#[cfg(target_arch = "wasm32")]
pub(crate) fn to_wasi(method: &Method) -> WasiMethod {
    match *method {
        Method::GET => WasiMethod::Get,
        Method::HEAD => WasiMethod::Head,
        Method::POST => WasiMethod::Post,
        Method::PUT => WasiMethod::Put,
        Method::DELETE => WasiMethod::Delete,
        Method::CONNECT => WasiMethod::Connect,
        Method::OPTIONS => WasiMethod::Options,
        Method::TRACE => WasiMethod::Trace,
        Method::PATCH => WasiMethod::Patch,
        _ => WasiMethod::Other(method.as_str().to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_other_methods_become_http_methods() {
        for name in ["PURGE", "PROPFIND", "GET", "M-SEARCH"] {
            assert_eq!(from_name(name).map(|m| m.to_string()), Ok(name.to_owned()));
        }
    }

    #[test]
    fn a_name_that_is_not_a_token_is_an_error_naming_it() {
        for name in ["", "GET /", "BAD\r\n", "SP ACE"] {
            let err = from_name(name).expect_err("not a method token");
            assert_eq!(err.to_string(), format!("invalid method `{name}`"));
        }
    }
}
