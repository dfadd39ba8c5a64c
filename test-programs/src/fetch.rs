//! Fetches the URL in `?url=...` and answers with the outcome's kind.

use edge::{Body, Request, Response};

pub(crate) fn from_query(req: &Request) -> edge::Result<Response> {
    let url = req
        .uri()
        .query()
        .and_then(|q| q.strip_prefix("url="))
        .ok_or_else(|| edge::Error::new(edge::http::StatusCode::BAD_REQUEST, "pass ?url=..."))?;
    let outgoing = edge::http::Request::get(url).body(Body::empty())?;
    let text = match edge::fetch(outgoing) {
        Ok(res) => format!("status {}", res.status().as_u16()),
        Err(e) => format!("{:?}", e.kind()),
    };
    Ok(Response::new(text.into()))
}
