//! A proxy at the edge: forwards requests to the origin (config `origin`),
//! rewrites the response's headers and one JSON field, streams other
//! bodies through untouched; and fans out to three backends at once.

use std::time::Duration;

use edge::fetch::{self, Timeouts};
use edge::http::{HeaderValue, header};
use edge::{Body, Reply, Request, Response, Router};

/// Response headers the origin uses internally, never shown to clients.
const INTERNAL_PREFIX: &str = "x-internal-";

#[edge::main]
fn main(req: Request) -> edge::Result<Response> {
    let mut router = Router::new();
    router.get("/fanout", fan_out);
    router.get("/fastest", fastest);
    router.any("/", proxy);
    router.any("/*path", proxy);
    router.handle(req)
}

fn origin() -> edge::Result<String> {
    Ok(edge::config::get("origin")?.unwrap_or_else(|| "https://origin.example.com".to_owned()))
}

fn timeouts() -> edge::Result<Timeouts> {
    let first_byte_ms = edge::config::get("origin-timeout-ms")?
        .map(|ms| ms.parse::<u64>())
        .transpose()
        .map_err(|e| edge::Error::msg(format!("config `origin-timeout-ms` is not a number: {e}")))?
        .unwrap_or(2000);
    Ok(Timeouts {
        connect: Some(Duration::from_secs(1)),
        first_byte: Some(Duration::from_millis(first_byte_ms)),
        between_bytes: Some(Duration::from_secs(5)),
    })
}

fn proxy(req: &mut Request, res: Reply) -> edge::Result<Reply> {
    let target = format!(
        "{}{}",
        origin()?,
        req.uri().path_and_query().map_or("/", |p| p.as_str())
    );
    let mut upstream = Request::new(std::mem::take(req.body_mut()));
    *upstream.method_mut() = req.method().clone();
    *upstream.uri_mut() = target.parse()?;
    for (name, value) in req.headers() {
        if name != header::HOST && name != header::CONNECTION {
            upstream.headers_mut().append(name, value.clone());
        }
    }
    if let Some(host) = req.headers().get(header::HOST) {
        upstream
            .headers_mut()
            .insert("x-forwarded-host", host.clone());
    }
    upstream.extensions_mut().insert(timeouts()?);

    let answer = match edge::fetch(upstream) {
        Ok(answer) => answer,
        Err(e) => {
            eprintln!("proxy: {e}");
            return Ok(res
                .status(e.status())
                .send(format!("the origin is unreachable ({:?})", e.kind())));
        }
    };
    let (parts, body) = answer.into_parts();
    let mut res = res.status(parts.status);
    for (name, value) in &parts.headers {
        if !name.as_str().starts_with(INTERNAL_PREFIX) && name != header::SERVER {
            res.headers_mut().append(name, value.clone());
        }
    }
    res.headers_mut()
        .insert("x-edge-proxy", HeaderValue::from_static("1"));

    let is_json = parts
        .headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !is_json {
        // Streams through: the body is never held whole.
        return Ok(res.body(body));
    }
    let mut json: serde_json::Value = body.into_json()?;
    if let Some(object) = json.as_object_mut() {
        object.remove("internal_id");
        object.insert("served_by".to_owned(), "edge".into());
    }
    res.headers_mut().remove(header::CONTENT_LENGTH);
    Ok(res.json(&json))
}

fn backend(name: &str) -> edge::Result<Request> {
    let mut req = edge::http::Request::get(format!("https://{name}.backend.example.com/data"))
        .body(Body::empty())?;
    req.extensions_mut().insert(timeouts()?);
    Ok(req)
}

/// Starts one request to each backend; they run at once.
fn send_to_backends() -> edge::Result<Vec<fetch::PendingResponse>> {
    ["a", "b", "c"]
        .into_iter()
        .map(|name| Ok(fetch::send(backend(name)?)?))
        .collect()
}

/// Asks three backends at once and answers with all three.
fn fan_out(_req: &mut Request, res: Reply) -> edge::Result<Reply> {
    let pending = send_to_backends()?;
    let mut answers = serde_json::Map::new();
    for (name, answer) in ["a", "b", "c"].into_iter().zip(fetch::wait_all(pending)) {
        let text = match answer {
            Ok(response) => response.into_body().into_string()?,
            Err(e) => format!("failed: {e}"),
        };
        answers.insert(name.to_owned(), text.into());
    }
    Ok(res.json(&answers))
}

/// Asks three backends and answers with whichever is first.
fn fastest(_req: &mut Request, res: Reply) -> edge::Result<Reply> {
    let pending = send_to_backends()?;
    let (index, answer) = fetch::wait_first(pending);
    let text = answer?.into_body().into_string()?;
    Ok(res.send(format!("{}: {text}", ["a", "b", "c"][index])))
}
