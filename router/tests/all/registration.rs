//! A bad or conflicting route panics at registration, naming the route and
//! the caller's line.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};

use edge_router::Router;

/// Runs `register` and returns the panic message and the `file:line` it names.
fn panic_of(register: impl FnOnce()) -> (String, String) {
    // The panic hook is global: one test at a time may swap it.
    static HOOK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _hook = HOOK
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let location = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let seen = location.clone();
    panic::set_hook(Box::new(move |info| {
        if let Some(l) = info.location() {
            *seen.lock().expect("lock") = format!("{}:{}", l.file(), l.line());
        }
    }));
    let result = panic::catch_unwind(AssertUnwindSafe(register));
    let _ = panic::take_hook();
    let payload = result.expect_err("registration must panic");
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default();
    let location = location.lock().expect("lock").clone();
    (message, location)
}

/// Checks the message, and that the panic points at the line after the one
/// `mark` recorded: the user's registration call.
fn assert_panics_at_caller(expected: &str, register: impl FnOnce(&Cell<u32>)) {
    let mark = Cell::new(0);
    let (message, location) = panic_of(|| register(&mark));
    assert!(
        message.starts_with(expected),
        "message {message:?} should start with {expected:?}"
    );
    assert_eq!(
        location,
        format!("{}:{}", file!(), mark.get() + 1),
        "for {expected}"
    );
}

#[test]
fn a_route_without_a_leading_slash() {
    assert_panics_at_caller("invalid route `users`: a route starts with '/'", |mark| {
        mark.set(line!());
        Router::<String>::new().get("users", |_, res| res);
    });
}

#[test]
fn conflicting_parameters() {
    assert_panics_at_caller(
        "route `/users/:name` conflicts with an existing route: it matches the same paths as `/users/:id`",
        |mark| {
            let mut router = Router::<String>::new();
            router.get("/users/:id", |_, res| res);
            mark.set(line!());
            router.get("/users/:name", |_, res| res);
        },
    );
}

#[test]
fn the_same_route_twice() {
    assert_panics_at_caller("route `GET /users` is registered twice", |mark| {
        let mut router = Router::<String>::new();
        router.get("/users", |_, res| res);
        mark.set(line!());
        router.get("/users", |_, res| res);
    });
}

#[test]
fn a_catch_all_before_the_end() {
    assert_panics_at_caller(
        "invalid route `/a/*rest/b`: the catch-all `*rest` must be the last segment",
        |mark| {
            mark.set(line!());
            Router::<String>::new().post("/a/*rest/b", |_, res| res);
        },
    );
}

#[test]
fn a_prefix_without_a_leading_slash() {
    assert_panics_at_caller("invalid prefix `api`: a prefix starts with '/'", |mark| {
        mark.set(line!());
        Router::<String>::new().use_at("api", |_, res| res);
    });
}

#[test]
fn mounting_over_an_existing_route() {
    assert_panics_at_caller(
        "mounting at `/api` conflicts: `/api/users` is already routed",
        |mark| {
            let mut api = Router::<String>::new();
            api.get("/users", |_, res| res);
            let mut router = Router::<String>::new();
            router.get("/api/users", |_, res| res);
            mark.set(line!());
            router.mount("/api", api);
        },
    );
}
