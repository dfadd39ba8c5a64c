//! An edge plugin that lets a request through only with the configured
//! credentials: a bearer token, or Basic user and password.
//!
//! | configuration | meaning |
//! |---|---|
//! | `auth.token` | accept `Authorization: Bearer <token>` |
//! | `auth.basic` | accept `Authorization: Basic …` for `user:password` (neither empty) |
//! | `auth.realm` | the realm the challenge names (default `edge`) |
//!
//! Any other request is answered `401 Unauthorized` with one
//! `WWW-Authenticate` challenge per configured scheme. With neither
//! `auth.token` nor `auth.basic` set, or with `auth.basic` not a
//! `user:password` with both non-empty, the plugin lets nobody through
//! (500, and the log names the key). Credentials are compared in a time
//! that depends on the presented value's length only: not on where it
//! differs, nor on the secret's length.
//!
//! ```sh
//! edge compose app.wasm --plugin edge_plugin_auth.wasm -o app+auth.wasm
//! edge serve app+auth.wasm --config auth.token=s3cret
//! ```

mod base64;
mod credentials;

use edge::Response;
use edge::http::{HeaderValue, StatusCode, header};
use edge::plugin::{Decision, RequestHead};

use credentials::Accepted;

/// Passes requests with accepted credentials; challenges the others.
#[edge::plugin]
fn auth(req: &RequestHead) -> edge::Result<Decision> {
    let accepted = Accepted::from_config()?;
    if accepted.admits(req.headers().get(header::AUTHORIZATION)) {
        Ok(Decision::Pass)
    } else {
        let presented_bearer = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.trim_start()
                    .get(..7)
                    .is_some_and(|s| s.eq_ignore_ascii_case("bearer "))
            });
        challenge(&accepted, presented_bearer)
    }
}

/// The 401 answer, with a challenge for each scheme `accepted` takes;
/// `invalid_token` says a bearer token was presented and refused
/// (RFC 6750 §3.1).
fn challenge(accepted: &Accepted, invalid_token: bool) -> edge::Result<Decision> {
    let realm = quoted(&accepted.realm);
    let mut response = Response::new("Unauthorized\n".into());
    *response.status_mut() = StatusCode::UNAUTHORIZED;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    if accepted.token.is_some() {
        let error = if invalid_token {
            ", error=\"invalid_token\""
        } else {
            ""
        };
        headers.append(
            header::WWW_AUTHENTICATE,
            HeaderValue::try_from(format!("Bearer realm={realm}{error}"))?,
        );
    }
    if accepted.basic.is_some() {
        headers.append(
            header::WWW_AUTHENTICATE,
            HeaderValue::try_from(format!("Basic realm={realm}, charset=\"UTF-8\""))?,
        );
    }
    Ok(Decision::Respond(response))
}

/// `text` as an HTTP quoted-string.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both() -> Accepted {
        Accepted {
            token: Some("t".to_owned()),
            basic: Some(("u".to_owned(), "p".to_owned())),
            realm: "my \"realm\"".to_owned(),
        }
    }

    fn challenges(decision: &Decision) -> Vec<&str> {
        let response = decision.response().expect("a 401");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        response
            .headers()
            .get_all(header::WWW_AUTHENTICATE)
            .iter()
            .map(|v| v.to_str().expect("ascii"))
            .collect()
    }

    #[test]
    fn challenges_each_configured_scheme_with_the_realm_quoted() {
        let decision = challenge(&both(), false).expect("a challenge");
        assert_eq!(
            challenges(&decision),
            [
                r#"Bearer realm="my \"realm\"""#,
                r#"Basic realm="my \"realm\"", charset="UTF-8""#
            ]
        );
    }

    #[test]
    fn a_refused_token_is_called_invalid() {
        let token_only = Accepted {
            basic: None,
            ..both()
        };
        let decision = challenge(&token_only, true).expect("a challenge");
        assert_eq!(
            challenges(&decision),
            [r#"Bearer realm="my \"realm\"", error="invalid_token""#]
        );
    }
}
