//! The talk's live demo: a page where markdown typed on the left is
//! rendered at the edge, on every keystroke, and shown on the right.
//!
//! - `GET /` serves the page (self-contained: no build step, no external
//!   assets);
//! - `POST /render` turns the markdown body into an HTML fragment.

mod render;

use edge::http::StatusCode;
use edge::{Request, Response, Router};

/// Markdown larger than this is refused with 413: 256 KiB.
const MAX_MARKDOWN: usize = 256 * 1024;

#[edge::main]
fn main(req: Request) -> edge::Result<Response> {
    let mut router = Router::new();
    router.get("/", |_req, res| res.html(include_str!("page.html")));
    router.post("/render", |req, res| {
        let body = std::mem::take(req.body_mut());
        let markdown = match body.into_bytes_limited(MAX_MARKDOWN) {
            Ok(bytes) => bytes,
            Err(edge::BodyError::TooLarge { limit }) => {
                return Ok(res
                    .status(StatusCode::PAYLOAD_TOO_LARGE)
                    .send(format!("markdown over {limit} bytes")));
            }
            Err(e) => return Err(e.into()),
        };
        let Ok(markdown) = std::str::from_utf8(&markdown) else {
            return Ok(res
                .status(StatusCode::BAD_REQUEST)
                .send("markdown must be UTF-8 text"));
        };
        Ok(res
            .header("cache-control", "no-store")
            .html(render::to_safe_html(markdown)))
    });
    router.handle(req)
}
