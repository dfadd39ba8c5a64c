//! Middleware: order, prefixes, short-circuits, onion `wrap`, errors.

use std::cell::RefCell;
use std::rc::Rc;

use edge_router::{Error, Router};
use http::{Method, Request, StatusCode};

fn get(path: &str) -> Request<String> {
    Request::get(path)
        .body(String::new())
        .expect("valid request")
}

#[test]
fn the_flightpath_example() {
    let mut router = Router::<String>::new();
    router.use_(|_req, res| res.header("x-powered-by", "FlightPath"));
    router.get("/", |_req, res| res.send("Hello World"));

    let res = router.handle(get("/")).expect("no error");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["x-powered-by"], "FlightPath");
    assert_eq!(res.body(), "Hello World");

    let missing = router.handle(get("/missing")).expect("no error");
    assert_eq!(missing.status(), 404);
    assert_eq!(
        missing.headers()["x-powered-by"],
        "FlightPath",
        "middleware runs on 404s too"
    );
}

#[test]
fn middleware_runs_in_registration_order_then_the_handler() {
    let log = Rc::new(RefCell::new(Vec::new()));
    let mut router = Router::<String>::new();
    for name in ["first", "second"] {
        let log = log.clone();
        router.use_(move |_, res| {
            log.borrow_mut().push(name);
            res
        });
    }
    let wrap_log = log.clone();
    router.wrap(move |req, next| {
        wrap_log.borrow_mut().push("wrap before");
        let res = next.run(req);
        wrap_log.borrow_mut().push("wrap after");
        res
    });
    let handler_log = log.clone();
    router.get("/", move |_, res| {
        handler_log.borrow_mut().push("handler");
        res.send("ok")
    });
    router.handle(get("/")).expect("no error");
    assert_eq!(
        *log.borrow(),
        ["first", "second", "wrap before", "handler", "wrap after"]
    );
}

#[test]
fn middleware_can_change_the_request() {
    let mut router = Router::<String>::new();
    router.use_(|req, res| {
        req.headers_mut()
            .insert("x-user", "ada".parse().expect("header"));
        res
    });
    router.get("/", |req, res| {
        let user = req.headers()["x-user"].to_str().unwrap_or("").to_owned();
        res.send(format!("hello {user}"))
    });
    assert_eq!(
        router.handle(get("/")).expect("no error").body(),
        "hello ada"
    );
}

#[test]
fn a_middleware_that_sends_short_circuits() {
    let reached = Rc::new(RefCell::new(false));
    let mut router = Router::<String>::new();
    router.use_at("/admin", |req, res| {
        if req.headers().contains_key("authorization") {
            res
        } else {
            res.status(StatusCode::UNAUTHORIZED)
                .header("www-authenticate", "Bearer")
                .send("sign in first")
        }
    });
    let flag = reached.clone();
    router.get("/admin/panel", move |_, res| {
        *flag.borrow_mut() = true;
        res.send("panel")
    });
    router.get("/public", |_, res| res.send("public"));

    let denied = router.handle(get("/admin/panel")).expect("no error");
    assert_eq!(denied.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(denied.body(), "sign in first");
    assert!(!*reached.borrow(), "the handler must not run");

    let allowed = Request::get("/admin/panel")
        .header("authorization", "Bearer t")
        .body(String::new())
        .expect("req");
    assert_eq!(router.handle(allowed).expect("no error").body(), "panel");
    assert_eq!(
        router.handle(get("/public")).expect("no error").body(),
        "public",
        "the prefix limits the middleware"
    );
}

#[test]
fn wrap_changes_the_response_after_the_handler() {
    let mut router = Router::<String>::new();
    router.wrap(|req, next| {
        let mut res = next.run(req)?;
        res.headers_mut()
            .insert("x-wrapped", "yes".parse().expect("header"));
        *res.status_mut() = StatusCode::ACCEPTED;
        Ok(res)
    });
    router.get("/", |_, res| res.send("body"));
    let res = router.handle(get("/")).expect("no error");
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    assert_eq!(res.headers()["x-wrapped"], "yes");
    assert_eq!(res.body(), "body");
}

#[test]
fn wrap_at_only_wraps_its_prefix_and_can_answer_itself() {
    let mut router = Router::<String>::new();
    router.wrap_at("/cached", |_req, _next| {
        Ok(http::Response::builder()
            .header("x-cache", "HIT")
            .body("from cache".to_owned())?)
    });
    router.get("/cached/item", |_, res| res.send("fresh"));
    router.get("/item", |_, res| res.send("fresh"));
    assert_eq!(
        router.handle(get("/cached/item")).expect("no error").body(),
        "from cache"
    );
    assert_eq!(
        router.handle(get("/item")).expect("no error").body(),
        "fresh"
    );
}

#[test]
fn handler_errors_are_returned_with_their_status() {
    let mut router = Router::<String>::new();
    router.get(
        "/fail",
        |_, _res| -> Result<edge_router::Reply<String>, Error> { Err(Error::msg("broken")) },
    );
    router.get(
        "/teapot",
        |_, _res| -> Result<edge_router::Reply<String>, Error> {
            Err(Error::new(StatusCode::IM_A_TEAPOT, "short and stout"))
        },
    );
    let err = router
        .handle(get("/fail"))
        .expect_err("no error handler set");
    assert_eq!(err.status(), 500);
    assert_eq!(err.to_string(), "broken");
    let err = router
        .handle(get("/teapot"))
        .expect_err("no error handler set");
    assert_eq!(err.status(), StatusCode::IM_A_TEAPOT);
}

#[test]
fn the_error_handler_is_customisable() {
    let mut router = Router::<String>::new();
    router.on_error(|err, res| res.json(&serde_json::json!({ "error": err.to_string() })));
    router.use_(|_, res| res.header("x-seen", "1"));
    router.get(
        "/fail",
        |_, _res| -> Result<edge_router::Reply<String>, Error> {
            Err(std::io::Error::other("disk full").into())
        },
    );
    let res = router
        .handle(get("/fail"))
        .expect("the error handler answers");
    assert_eq!(res.status(), 500);
    assert_eq!(res.body(), r#"{"error":"disk full"}"#);
}

#[test]
fn a_middleware_error_stops_the_chain() {
    let mut router = Router::<String>::new();
    router.use_(|req, res| {
        if req.uri().query() == Some("bad") {
            return Err(Error::new(StatusCode::BAD_REQUEST, "bad query"));
        }
        Ok(res)
    });
    router.get("/", |_, res| res.send("ok"));
    let err = router.handle(get("/?bad")).expect_err("middleware failed");
    assert_eq!(err.status(), 400);
    assert_eq!(router.handle(get("/")).expect("no error").body(), "ok");
}

#[test]
fn bad_reply_values_fail_the_request_naming_the_mistake() {
    let mut router = Router::<String>::new();
    router.get("/header", |_, res| res.header("bad header", "x").send("x"));
    router.get("/status", |_, res| res.status(1000u16).send("x"));
    router.get("/redirect", |_, res| {
        res.redirect_with(StatusCode::OK, "/elsewhere")
    });
    let err = router.handle(get("/header")).expect_err("bad header");
    assert!(err.to_string().starts_with("invalid header name"), "{err}");
    let err = router.handle(get("/status")).expect_err("bad status");
    assert!(err.to_string().starts_with("invalid status code"), "{err}");
    let err = router.handle(get("/redirect")).expect_err("not a redirect");
    assert!(
        err.to_string().contains("is not a redirect status"),
        "{err}"
    );
    let _ = Method::GET;
}
