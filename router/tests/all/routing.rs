//! Route matching, methods, 404/405/HEAD/OPTIONS and nesting, natively.

use edge_router::{RequestExt, Router};
use http::{Method, Request, StatusCode};

fn request(method: Method, path: &str) -> Request<String> {
    Request::builder()
        .method(method)
        .uri(path)
        .body(String::new())
        .expect("valid request")
}

fn call(router: &Router<String>, method: Method, path: &str) -> (StatusCode, String) {
    let res = router.handle(request(method, path)).expect("no error");
    (res.status(), res.into_body())
}

/// A router whose handlers answer with the route's name and its params.
fn table_router() -> Router<String> {
    let mut router = Router::new();
    let routes = [
        "/",
        "/users",
        "/users/me",
        "/users/:id",
        "/users/:id/posts/:post",
        "/files/*path",
        "/about",
    ];
    for route in routes {
        router.get(route, move |req, res| {
            let params: Vec<String> = req
                .extensions()
                .get::<edge_router::Params>()
                .map(|p| p.iter().map(|(k, v)| format!("{k}={v}")).collect())
                .unwrap_or_default();
            res.send(
                format!("{route} {}", params.join(","))
                    .trim_end()
                    .to_owned(),
            )
        });
    }
    router
}

#[test]
fn paths_match_their_routes() {
    let router = table_router();
    let matches = [
        ("/", "/"),
        ("/users", "/users"),
        ("/users/me", "/users/me"),
        ("/users/42", "/users/:id id=42"),
        ("/users/42/posts/7", "/users/:id/posts/:post id=42,post=7"),
        ("/files/a/b/c.txt", "/files/*path path=a/b/c.txt"),
        ("/about", "/about"),
    ];
    for (path, expected) in matches {
        assert_eq!(
            call(&router, Method::GET, path),
            (StatusCode::OK, expected.to_owned()),
            "{path}"
        );
    }
}

#[test]
fn unmatched_paths_are_404() {
    let router = table_router();
    for path in ["/nope", "/users/42/posts", "/about/more", "/files"] {
        assert_eq!(
            call(&router, Method::GET, path),
            (StatusCode::NOT_FOUND, "Not Found".to_owned()),
            "{path}"
        );
    }
}

#[test]
fn every_method_has_its_route() {
    let mut router = Router::<String>::new();
    router
        .get("/r", |_, res| res.send("get"))
        .post("/r", |_, res| res.send("post"))
        .put("/r", |_, res| res.send("put"))
        .patch("/r", |_, res| res.send("patch"))
        .delete("/r", |_, res| res.send("delete"))
        .head("/r", |_, res| res.header("x-head", "yes"))
        .options("/r", |_, res| res.send("options"))
        .route(
            Method::from_bytes(b"PURGE").expect("method"),
            "/r",
            |_, res| res.send("purge"),
        )
        .any("/anything", |req, res| {
            let method = req.method().to_string();
            res.send(method)
        });
    for (method, expected) in [
        (Method::GET, "get"),
        (Method::POST, "post"),
        (Method::PUT, "put"),
        (Method::PATCH, "patch"),
        (Method::DELETE, "delete"),
        (Method::OPTIONS, "options"),
    ] {
        assert_eq!(call(&router, method, "/r").1, expected);
    }
    assert_eq!(
        call(&router, Method::from_bytes(b"PURGE").expect("method"), "/r").1,
        "purge"
    );
    let head = router
        .handle(request(Method::HEAD, "/r"))
        .expect("no error");
    assert_eq!(head.headers()["x-head"], "yes");
    assert_eq!(call(&router, Method::DELETE, "/anything").1, "DELETE");
}

#[test]
fn a_wrong_method_is_405_with_allow() {
    let mut router = Router::<String>::new();
    router
        .get("/r", |_, res| res.send("get"))
        .post("/r", |_, res| res.send("post"));
    let res = router
        .handle(request(Method::DELETE, "/r"))
        .expect("no error");
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.headers()["allow"], "GET, POST, HEAD, OPTIONS");
}

#[test]
fn head_is_answered_by_get_without_a_body() {
    let mut router = Router::<String>::new();
    router.get("/page", |_, res| res.header("x-page", "1").send("the page"));
    let res = router
        .handle(request(Method::HEAD, "/page"))
        .expect("no error");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["x-page"], "1");
    assert_eq!(res.headers()["content-type"], "text/plain; charset=utf-8");
    assert_eq!(res.body(), "");
}

#[test]
fn options_is_answered_with_allow() {
    let mut router = Router::<String>::new();
    router
        .get("/r", |_, res| res.send("get"))
        .put("/r", |_, res| res.send("put"));
    let res = router
        .handle(request(Method::OPTIONS, "/r"))
        .expect("no error");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(res.headers()["allow"], "GET, PUT, HEAD, OPTIONS");
}

#[test]
fn the_404_answer_can_be_customised() {
    let mut router = Router::<String>::new();
    router.not_found(|req, res| {
        let path = req.uri().path().to_owned();
        res.json(&serde_json::json!({ "error": "not found", "path": path }))
    });
    let res = router
        .handle(request(Method::GET, "/missing"))
        .expect("no error");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.headers()["content-type"], "application/json");
    assert_eq!(res.body(), r#"{"error":"not found","path":"/missing"}"#);
}

#[test]
fn mounted_routers_answer_under_their_prefix_with_their_own_middleware() {
    let mut api = Router::<String>::new();
    api.use_(|_, res| res.header("x-api", "v1"));
    api.get("/", |_, res| res.send("api root"));
    api.get("/users/:id", |req, res| {
        let id = req.param("id").unwrap_or("?").to_owned();
        res.send(format!("user {id}"))
    });

    let mut router = Router::<String>::new();
    router.get("/", |_, res| res.send("home"));
    router.mount("/api", api);

    let res = router
        .handle(request(Method::GET, "/api/users/9"))
        .expect("no error");
    assert_eq!(res.headers()["x-api"], "v1");
    assert_eq!(res.body(), "user 9");
    assert_eq!(
        call(&router, Method::GET, "/api"),
        (StatusCode::OK, "api root".to_owned())
    );

    let home = router.handle(request(Method::GET, "/")).expect("no error");
    assert!(
        home.headers().get("x-api").is_none(),
        "the api's middleware stays in the api"
    );
    assert_eq!(home.body(), "home");
}
