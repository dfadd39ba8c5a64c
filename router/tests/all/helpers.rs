//! Reply and request helpers: text, JSON, status, headers, redirects,
//! cookies, params, queries and JSON bodies with their errors.

use edge_router::{Cookie, DEFAULT_BODY_LIMIT, RequestExt, Router, SameSite};
use http::{Request, StatusCode};
use serde::Deserialize;

fn send(router: &Router<String>, request: Request<String>) -> http::Response<String> {
    router.handle(request).expect("no error")
}

#[test]
fn replies_set_body_type_status_and_headers() {
    let mut router = Router::<String>::new();
    router.get("/text", |_, res| res.send("hi"));
    router.get("/html", |_, res| res.html("<p>hi</p>"));
    router.get("/bytes", |_, res| res.bytes(vec![1u8, 2]));
    router.get("/json", |_, res| {
        res.status(StatusCode::CREATED)
            .json(&serde_json::json!({ "id": 1 }))
    });
    router.get("/typed", |_, res| {
        res.header("content-type", "text/csv").send("a,b")
    });
    router.get("/multi", |_, res| {
        res.append_header("x-v", "1")
            .append_header("x-v", "2")
            .send("")
    });
    router.get("/go", |_, res| res.redirect("/there"));
    router.get("/moved", |_, res| {
        res.redirect_with(StatusCode::MOVED_PERMANENTLY, "/new")
    });

    let get = |path: &str| {
        send(
            &router,
            Request::get(path).body(String::new()).expect("req"),
        )
    };
    assert_eq!(
        get("/text").headers()["content-type"],
        "text/plain; charset=utf-8"
    );
    assert_eq!(
        get("/html").headers()["content-type"],
        "text/html; charset=utf-8"
    );
    assert_eq!(
        get("/bytes").headers()["content-type"],
        "application/octet-stream"
    );
    let json = get("/json");
    assert_eq!(json.status(), StatusCode::CREATED);
    assert_eq!(json.headers()["content-type"], "application/json");
    assert_eq!(json.body(), r#"{"id":1}"#);
    assert_eq!(get("/typed").headers()["content-type"], "text/csv");
    assert_eq!(get("/multi").headers().get_all("x-v").iter().count(), 2);
    let go = get("/go");
    assert_eq!(go.status(), StatusCode::FOUND);
    assert_eq!(go.headers()["location"], "/there");
    assert_eq!(get("/moved").status(), StatusCode::MOVED_PERMANENTLY);
}

#[test]
fn cookies_are_read_and_set() {
    let mut router = Router::<String>::new();
    router.get("/", |req, res| {
        let visits: u32 = req
            .cookie("visits")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        res.cookie(
            &Cookie::new("visits", (visits + 1).to_string())
                .path("/")
                .http_only()
                .same_site(SameSite::Strict),
        )
        .clear_cookie("old")
        .send(format!("visit {}", visits + 1))
    });
    let res = send(
        &router,
        Request::get("/")
            .header("cookie", "a=b; visits=4")
            .body(String::new())
            .expect("req"),
    );
    assert_eq!(res.body(), "visit 5");
    let set: Vec<_> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().expect("ascii"))
        .collect();
    assert_eq!(
        set,
        [
            "visits=5; Path=/; HttpOnly; SameSite=Strict",
            "old=; Path=/; Max-Age=0"
        ]
    );
}

#[test]
fn a_bad_cookie_fails_the_request() {
    let mut router = Router::<String>::new();
    router.get("/", |_, res| {
        res.cookie(&Cookie::new("n", "has space")).send("x")
    });
    let err = router
        .handle(Request::get("/").body(String::new()).expect("req"))
        .expect_err("bad cookie");
    assert!(
        err.to_string().starts_with("invalid value for cookie `n`"),
        "{err}"
    );
}

#[derive(Deserialize)]
struct Search {
    q: String,
    page: Option<u32>,
}

#[test]
fn queries_parse_into_types_or_answer_400() {
    let mut router = Router::<String>::new();
    router.get("/search", |req, res| {
        let search: Search = req.query()?;
        Ok(res.send(format!("{} p{}", search.q, search.page.unwrap_or(1))))
    });
    let ok = send(
        &router,
        Request::get("/search?q=edge%20sdk&page=2")
            .body(String::new())
            .expect("req"),
    );
    assert_eq!(ok.body(), "edge sdk p2");
    let err = router
        .handle(
            Request::get("/search?page=x")
                .body(String::new())
                .expect("req"),
        )
        .expect_err("bad query");
    assert_eq!(err.status(), StatusCode::BAD_REQUEST);
    assert!(err.to_string().starts_with("invalid query string"), "{err}");
}

#[derive(Deserialize)]
struct NewUser {
    name: String,
}

fn json_router() -> Router<String> {
    let mut router = Router::<String>::new();
    router.post("/users", |req, res| {
        let user: NewUser = req.json()?;
        Ok(res.status(StatusCode::CREATED).send(user.name))
    });
    router.post("/small", |req, res| {
        let user: NewUser = req.json_limited(8)?;
        Ok(res.send(user.name))
    });
    router
}

#[test]
fn json_bodies_parse_or_answer_400_or_413() {
    let router = json_router();
    let post = |path: &str, body: &str| Request::post(path).body(body.to_owned()).expect("req");

    let ok = send(&router, post("/users", r#"{"name":"ada"}"#));
    assert_eq!(
        (ok.status(), ok.body().as_str()),
        (StatusCode::CREATED, "ada")
    );

    let bad = router
        .handle(post("/users", "{not json"))
        .expect_err("bad json");
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert!(bad.to_string().starts_with("invalid JSON body"), "{bad}");

    let wrong_shape = router
        .handle(post("/users", r#"{"nom":"ada"}"#))
        .expect_err("missing field");
    assert_eq!(wrong_shape.status(), StatusCode::BAD_REQUEST);
    assert!(
        wrong_shape.to_string().contains("missing field `name`"),
        "{wrong_shape}"
    );

    let big = router
        .handle(post("/small", r#"{"name":"a long name"}"#))
        .expect_err("too large");
    assert_eq!(big.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(big.to_string(), "body is larger than the limit of 8 bytes");
}

#[test]
fn json_bodies_stop_at_the_default_limit_with_413() {
    let router = json_router();
    let padding = " ".repeat(DEFAULT_BODY_LIMIT);
    let at_limit = format!(r#"{{"name":"ada"}}{}"#, &padding[14..]);
    assert_eq!(at_limit.len(), DEFAULT_BODY_LIMIT);
    let ok = send(
        &router,
        Request::post("/users").body(at_limit).expect("req"),
    );
    assert_eq!(ok.status(), StatusCode::CREATED);

    let over = format!(r#"{{"name":"ada"}}{padding}"#);
    let err = router
        .handle(Request::post("/users").body(over).expect("req"))
        .expect_err("over the default limit");
    assert_eq!(err.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        err.to_string(),
        format!("body is larger than the limit of {DEFAULT_BODY_LIMIT} bytes")
    );
}
