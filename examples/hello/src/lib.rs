//! The smallest edge app, and the fixture for the SDK's request and response
//! handling: each route shows one thing a handler can do.

use std::sync::atomic::{AtomicU32, Ordering};

use edge::http::{HeaderValue, StatusCode, header};
use edge::{Body, Error, Request, Response};

/// Counts requests seen by this instance: every request gets a fresh
/// instance, so it always reads 1.
static REQUESTS_SEEN: AtomicU32 = AtomicU32::new(0);

#[edge::main]
fn main(req: Request) -> edge::Result<Response> {
    let seen = REQUESTS_SEEN.fetch_add(1, Ordering::Relaxed) + 1;
    match req.uri().path() {
        "/" => Ok(text("Hello World")),
        "/echo" => Ok(echo(req)),
        "/stream" => stream(&req),
        "/counter" => Ok(text(seen.to_string())),
        "/fail" => Err(Error::msg("the handler failed on purpose")),
        "/panic" => panic!("the handler panicked on purpose"),
        _ => {
            let mut res = text("Not Found");
            *res.status_mut() = StatusCode::NOT_FOUND;
            Ok(res)
        }
    }
}

fn text(body: impl Into<Body>) -> Response {
    let mut res = Response::new(body.into());
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}

/// Streams the request body back; method, path, query and every request
/// header come back as `x-echo-*` headers, repeated ones repeated.
fn echo(req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let mut res = Response::new(Body::from_reader(body));
    let headers = res.headers_mut();
    headers.insert(
        "x-echo-method",
        parts
            .method
            .as_str()
            .parse()
            .expect("a method is a valid header value"),
    );
    headers.insert(
        "x-echo-path",
        parts
            .uri
            .path()
            .parse()
            .expect("a path is a valid header value"),
    );
    if let Some(query) = parts.uri.query() {
        headers.insert(
            "x-echo-query",
            query.parse().expect("a query is a valid header value"),
        );
    }
    for (name, value) in &parts.headers {
        let echoed = format!("x-echo-header-{name}");
        headers.append(
            header::HeaderName::from_bytes(echoed.as_bytes())
                .expect("a prefixed header name stays valid"),
            value.clone(),
        );
    }
    res
}

/// Streams `?bytes=N` bytes (default 5 MiB) of a repeating pattern, written
/// 64 KiB at a time: the whole body is never in memory.
fn stream(req: &Request) -> edge::Result<Response> {
    let total: usize = match req.uri().query().and_then(|q| q.strip_prefix("bytes=")) {
        Some(n) => n.parse().map_err(|_| {
            Error::new(
                StatusCode::BAD_REQUEST,
                format!("bytes={n} is not a number"),
            )
        })?,
        None => 5 << 20,
    };
    Ok(Response::new(Body::from_writer(move |out| {
        let pattern: Vec<u8> = (0..64 * 1024).map(|i| (i % 251) as u8).collect();
        let mut left = total;
        while left > 0 {
            let n = left.min(pattern.len());
            out.write_all(&pattern[..n])?;
            left -= n;
        }
        Ok(())
    })))
}
