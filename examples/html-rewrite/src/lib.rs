//! HTML rewriting at the edge: the origin's page streams through
//! `lol_html`, which upgrades `http://` links to `https://`, adds a banner
//! at the top of `<body>`, and removes elements marked `data-edge-remove`.
//! Chunks are rewritten as they arrive: the page is never held whole.

use std::cell::RefCell;
use std::io::Read;

use edge::http::HeaderValue;
use edge::{Body, Reply, Request, Response, Router};
use lol_html::html_content::ContentType;
use lol_html::{HtmlRewriter, Settings, element};

#[edge::main]
fn main(req: Request) -> edge::Result<Response> {
    let mut router = Router::new();
    router.get("/", rewrite);
    router.get("/*path", rewrite);
    router.handle(req)
}

fn rewrite(req: &mut Request, res: Reply) -> edge::Result<Reply> {
    let origin =
        edge::config::get("origin")?.unwrap_or_else(|| "https://origin.example.com".to_owned());
    let path = req.uri().path_and_query().map_or("/", |p| p.as_str());
    let upstream = edge::http::Request::get(format!("{origin}{path}")).body(Body::empty())?;
    let answer =
        edge::fetch(upstream).map_err(|e| edge::Error::from(e.clone()).with_status(e.status()))?;
    let is_html = answer
        .headers()
        .get("content-type")
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    let mut res = res.status(answer.status());
    if let Some(content_type) = answer.headers().get("content-type") {
        res.headers_mut()
            .insert("content-type", content_type.clone());
    }
    if !is_html {
        return Ok(res.body(answer.into_body()));
    }
    res.headers_mut()
        .insert("x-edge-rewritten", HeaderValue::from_static("1"));
    let mut origin_body = answer.into_body();
    Ok(res.body(Body::from_writer(move |out| {
        // The rewriter's sink cannot fail, so a write error is kept here
        // and ends the loop below.
        let sink_error = RefCell::new(None);
        let mut rewriter = HtmlRewriter::new(
            Settings {
                element_content_handlers: vec![
                    element!("a[href^='http://']", |el| {
                        if let Some(href) = el.get_attribute("href") {
                            el.set_attribute("href", &href.replacen("http://", "https://", 1))?;
                        }
                        Ok(())
                    }),
                    element!("body", |el| {
                        el.prepend(
                            "<p class=\"edge-banner\">Served at the edge</p>",
                            ContentType::Html,
                        );
                        Ok(())
                    }),
                    element!("[data-edge-remove]", |el| {
                        el.remove();
                        Ok(())
                    }),
                ],
                ..Settings::new()
            },
            |chunk: &[u8]| {
                let mut error = sink_error.borrow_mut();
                if error.is_none()
                    && let Err(e) = out.write_all(chunk)
                {
                    *error = Some(e);
                }
            },
        );
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let n = origin_body.read(&mut buf)?;
            if n == 0 {
                break;
            }
            rewriter.write(&buf[..n]).map_err(std::io::Error::other)?;
            if let Some(e) = sink_error.borrow_mut().take() {
                return Err(e);
            }
        }
        rewriter.end().map_err(std::io::Error::other)?;
        sink_error.into_inner().map_or(Ok(()), Err)
    })))
}
