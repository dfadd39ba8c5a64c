//! Authentication at the edge: everything under `/private` needs
//! `Authorization: Bearer <token>` with a token listed in the key-value
//! store (`token:<token>` → user name). Without one the middleware answers
//! 401 itself, and the handler never runs.

use edge::http::{HeaderValue, StatusCode};
use edge::kv::Store;
use edge::{Request, Response, Router};

#[edge::main]
fn main(req: Request) -> edge::Result<Response> {
    let mut router = Router::new();
    router.use_at("/private", |req, res| {
        let token = req
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let user = match token {
            Some(token) if !token.is_empty() => {
                Store::open_default()?.get(&format!("token:{token}"))?
            }
            _ => None,
        };
        let Some(user) = user else {
            return Ok(res
                .status(StatusCode::UNAUTHORIZED)
                .header("www-authenticate", "Bearer realm=\"edge\"")
                .send("sign in first"));
        };
        // Handlers after this one see who is signed in.
        req.headers_mut()
            .insert("x-user", HeaderValue::from_bytes(&user)?);
        Ok(res)
    });
    router.get("/", |_req, res| res.send("public page"));
    router.get("/private/profile", |req, res| {
        let user = req
            .headers()
            .get("x-user")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("?");
        let text = format!("hello {user}");
        res.send(text)
    });
    router.handle(req)
}
