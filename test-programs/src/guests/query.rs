//! Reading a test program's query: `?name=value&...`.

/// The value of `name` in the request's query.
pub(crate) fn param<'a>(req: &'a edge::Request, name: &str) -> Option<&'a str> {
    req.uri()
        .query()?
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

/// The value of `name`, or a 400 saying to pass it.
pub(crate) fn required<'a>(req: &'a edge::Request, name: &str) -> edge::Result<&'a str> {
    param(req, name).ok_or_else(|| {
        edge::Error::new(
            edge::http::StatusCode::BAD_REQUEST,
            format!("pass ?{name}=..."),
        )
    })
}

/// The number `name` in the query, or `default`.
pub(crate) fn number(req: &edge::Request, name: &str, default: u64) -> u64 {
    param(req, name)
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}
