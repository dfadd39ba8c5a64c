//! Edge redirects driven by configuration: each config key
//! `redirect:/old/path` holds `/new/path` (302) or `301 /new/path`. The
//! query string is carried over. Paths without a rule are 404.

use edge::http::StatusCode;
use edge::{Request, Response, Router};

#[edge::main]
fn main(req: Request) -> edge::Result<Response> {
    let mut router = Router::new();
    router.any("/*path", |req, res| {
        let path = req.uri().path().to_owned();
        let Some(rule) = edge::config::get(&format!("redirect:{path}"))? else {
            return Ok(res.status(StatusCode::NOT_FOUND).send("Not Found"));
        };
        let (status, target) = parse_rule(&path, &rule)?;
        let location = match req.uri().query() {
            Some(query) => format!("{target}?{query}"),
            None => target.to_owned(),
        };
        Ok(res.redirect_with(status, &location))
    });
    router.handle(req)
}

/// `"301 /new"` → (301, "/new"); `"/new"` → (302, "/new").
fn parse_rule<'a>(path: &str, rule: &'a str) -> edge::Result<(StatusCode, &'a str)> {
    let rule = rule.trim();
    let (status, target) = match rule.split_once(' ') {
        Some((code, target)) => {
            let status = code
                .parse::<u16>()
                .ok()
                .and_then(|c| StatusCode::from_u16(c).ok())
                .filter(StatusCode::is_redirection)
                .ok_or_else(|| {
                    edge::Error::msg(format!(
                        "config `redirect:{path}` = `{rule}`: `{code}` is not a redirect status (301, 302, 303, 307, 308)"
                    ))
                })?;
            (status, target.trim())
        }
        None => (StatusCode::FOUND, rule),
    };
    if target.is_empty() {
        return Err(edge::Error::msg(format!(
            "config `redirect:{path}` has no target"
        )));
    }
    Ok((status, target))
}
