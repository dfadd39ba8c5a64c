//! The smallest proxy: every request goes to `https://origin.example.com`
//! with the same method, path, headers and body, and the answer comes back
//! as it is. Built twice by the bench runner, with and without the
//! feature `cache`, so that the difference is what `edge::cache` adds to
//! a component that uses it.

use edge::{Request, Response};

#[edge::main]
fn main(req: Request) -> edge::Result<Response> {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let mut upstream = Request::new(body);
    *upstream.uri_mut() = format!("https://origin.example.com{path}").parse()?;
    *upstream.method_mut() = parts.method;
    *upstream.headers_mut() = parts.headers;
    #[cfg(feature = "cache")]
    let res = edge::cache::fetch(upstream)?;
    #[cfg(not(feature = "cache"))]
    let res = edge::fetch(upstream)?;
    Ok(res)
}
