//! Outbound requests: plain, with a header the host sets itself, and
//! following one redirect by hand.

use edge::{Body, Request, Response};

use super::query::required as query;

/// `?url=...`: fetches it and answers with the status or the error's kind.
pub(crate) fn from_query(req: &Request) -> edge::Result<Response> {
    let outgoing = edge::http::Request::get(query(req, "url")?).body(Body::empty())?;
    let text = match edge::fetch(outgoing) {
        Ok(res) => format!("status {}", res.status().as_u16()),
        Err(e) => format!("{:?}", e.kind()),
    };
    Ok(Response::new(text.into()))
}

/// `?name=...&url=...`: fetches `url` with the header `name` set; answers
/// with the error the guest sees.
pub(crate) fn with_header(req: &Request) -> edge::Result<Response> {
    let outgoing = edge::http::Request::get(query(req, "url")?)
        .header(query(req, "name")?, "chosen-by-the-guest")
        .body(Body::empty())?;
    let text = match edge::fetch(outgoing) {
        Ok(res) => format!("status {}", res.status().as_u16()),
        Err(e) => format!("{:?}: {e}", e.kind()),
    };
    Ok(Response::new(text.into()))
}

/// `?url=...`: fetches it and, on a redirect, the `Location` it names:
/// the host never follows one itself, so each hop meets the policy.
pub(crate) fn following(req: &Request) -> edge::Result<Response> {
    let first = edge::http::Request::get(query(req, "url")?).body(Body::empty())?;
    let res = match edge::fetch(first) {
        Ok(res) => res,
        Err(e) => return Ok(Response::new(format!("first hop {:?}", e.kind()).into())),
    };
    let Some(location) = res.headers().get("location").and_then(|l| l.to_str().ok()) else {
        return Ok(Response::new(
            format!("status {}", res.status().as_u16()).into(),
        ));
    };
    let second = edge::http::Request::get(location).body(Body::empty())?;
    let text = match edge::fetch(second) {
        Ok(res) => format!("second hop status {}", res.status().as_u16()),
        Err(e) => format!("second hop {:?}: {e}", e.kind()),
    };
    Ok(Response::new(text.into()))
}
