//! The two ways to read a JSON request body, `req.json()` and
//! `req.into_body().into_json()`, are one reader: the same default limit,
//! 400 for bad JSON and 413 for a body too large, whichever a handler uses.

use edge::http::{Request, StatusCode};
use edge::{Body, DEFAULT_BODY_LIMIT, RequestExt, Router};

#[derive(serde::Deserialize)]
struct NewUser {
    name: String,
}

/// The same route twice, once through each reader.
fn router() -> Router {
    let mut router = Router::new();
    router.post("/request-ext", |req, res| {
        let user: NewUser = req.json()?;
        Ok(res.send(user.name))
    });
    router.post("/into-json", |req, res| {
        let user: NewUser = std::mem::take(req.body_mut()).into_json()?;
        Ok(res.send(user.name))
    });
    router
}

fn post(path: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(path)
        .body(body.into())
        .expect("a valid request")
}

/// Each reader's answer: its status, and its body or error text.
fn answers(body: &[u8]) -> Vec<(StatusCode, String)> {
    let router = router();
    ["/request-ext", "/into-json"]
        .into_iter()
        .map(|path| match router.handle(post(path, body.to_vec())) {
            Ok(res) => (
                res.status(),
                res.into_body().into_string().expect("a text body"),
            ),
            Err(e) => (e.status(), e.to_string()),
        })
        .collect()
}

#[test]
fn both_readers_parse_good_json() {
    for answer in answers(br#"{"name":"ada"}"#) {
        assert_eq!(answer, (StatusCode::OK, "ada".to_owned()));
    }
}

#[test]
fn both_readers_answer_bad_json_with_400() {
    for body in [&b"{not json"[..], br#"{"nom":"ada"}"#, b"\xff"] {
        for (status, text) in answers(body) {
            assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
            assert!(text.starts_with("invalid JSON body: "), "{text}");
        }
    }
}

#[test]
fn both_readers_answer_a_body_over_the_default_limit_with_413() {
    let mut at_limit = br#"{"name":"ada"}"#.to_vec();
    at_limit.resize(DEFAULT_BODY_LIMIT, b' ');
    for answer in answers(&at_limit) {
        assert_eq!(answer, (StatusCode::OK, "ada".to_owned()));
    }

    at_limit.push(b' ');
    for answer in answers(&at_limit) {
        assert_eq!(
            answer,
            (
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("body is larger than the limit of {DEFAULT_BODY_LIMIT} bytes")
            )
        );
    }
}

#[test]
fn a_streamed_body_over_the_limit_is_413_too() {
    let router = router();
    for path in ["/request-ext", "/into-json"] {
        let endless = Body::from_reader(std::io::repeat(b' '));
        let err = router.handle(post(path, endless)).expect_err("too large");
        assert_eq!(err.status(), StatusCode::PAYLOAD_TOO_LARGE, "{path}");
    }
}
