//! The talk's live demo: a page where markdown typed on the left is
//! rendered at the edge, on every keystroke, and shown on the right.
//!
//! - `GET /` serves the page (self-contained: no build step, no external
//!   assets);
//! - `POST /render` turns the markdown body into an HTML fragment. Renders
//!   are kept a day in the host's key-value store by
//!   [`edge::cache::simple`], keyed by a hash of the source: typing the
//!   same text again (an undo, say) is answered without rendering, and
//!   `x-cache` says which (`HIT` or `MISS`).

mod render;

use std::time::Duration;

use edge::Router;
use edge::cache::{self, simple};
use edge::http::StatusCode;

/// Markdown larger than this is refused with 413: 256 KiB.
const MAX_MARKDOWN: usize = 256 * 1024;

/// How long a render is kept.
const RENDER_TTL: Duration = Duration::from_secs(24 * 3600);

/// The app, built once (at build time: `edge serve` and `edge build`
/// pre-initialize it).
#[edge::main]
fn main() -> Router {
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
        // The renderer's version is in the key: a new one never serves an
        // old render.
        let key = format!(
            "markdown/v1/{}/{}",
            cache::hash(markdown.as_bytes()),
            markdown.len()
        );
        let mut rendered = false;
        let html = simple::get_or_insert_with(&key, RENDER_TTL, || {
            rendered = true;
            render::to_safe_html(markdown)
        });
        Ok(res
            .header("cache-control", "no-store")
            .header("x-cache", if rendered { "MISS" } else { "HIT" })
            .header("content-type", "text/html; charset=utf-8")
            .body(html.into()))
    });
    router
}
