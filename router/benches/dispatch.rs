//! Router dispatch against raw `matchit`, on the same 100-route table, in
//! one run: `cargo bench -p edge-router --bench dispatch`.
//!
//! - `lookup`: matchit's `at()` alone versus the router finding the route,
//!   method and params and running its (empty) middleware chain, with a
//!   handler that answers a fixed reply;
//! - the baseline for the full dispatch is what a hand-written app would do:
//!   `matchit` lookup, then call the same handler directly.
//!
//! Rounds alternate between the two so both see the same machine state; the
//! median round is reported, and the ratio of the medians.

use std::hint::black_box;
use std::time::{Duration, Instant};

use edge_router::{Reply, Router};
use http::Request;

const ROUNDS: usize = 21;
const ITERATIONS: usize = 20_000;

fn table() -> Vec<String> {
    let mut routes = Vec::new();
    for resource in [
        "users", "posts", "comments", "orders", "flights", "airports", "tags", "teams", "files",
        "jobs",
    ] {
        routes.push(format!("/{resource}"));
        routes.push(format!("/{resource}/:id"));
        routes.push(format!("/{resource}/:id/history"));
        routes.push(format!("/{resource}/:id/owner"));
        routes.push(format!("/{resource}/:id/children/:child"));
        routes.push(format!("/api/v1/{resource}"));
        routes.push(format!("/api/v1/{resource}/:id"));
        routes.push(format!("/api/v1/{resource}/search"));
        routes.push(format!("/static/{resource}/*path"));
        routes.push(format!("/admin/{resource}"));
    }
    routes
}

fn paths() -> Vec<String> {
    [
        "/users",
        "/posts/42",
        "/flights/7/history",
        "/api/v1/jobs/9",
        "/static/files/a/b.css",
        "/teams/1/children/2",
        "/admin/tags",
        "/api/v1/orders/search",
    ]
    .iter()
    .map(|p| (*p).to_owned())
    .collect()
}

/// A handler as a hand-written dispatcher would store it.
type HandlerFn = dyn Fn(&mut Request<String>, Reply<String>) -> Reply<String>;

fn answer(reply: Reply<String>) -> Reply<String> {
    reply.send("ok")
}

fn time(mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..ITERATIONS {
        f();
    }
    start.elapsed() / ITERATIONS as u32
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let routes = table();
    assert_eq!(routes.len(), 100);
    let paths = paths();

    let mut router = Router::<String>::new();
    let mut matcher = matchit::Router::new();
    for (i, route) in routes.iter().enumerate() {
        router.get(route, |_req, res| answer(res));
        let pattern = route
            .split('/')
            .map(|s| match s.chars().next() {
                Some(':') => format!("{{{}}}", &s[1..]),
                Some('*') => format!("{{*{}}}", &s[1..]),
                _ => s.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("/");
        matcher.insert(pattern, i).expect("valid table");
    }
    let handlers: Vec<Box<HandlerFn>> = routes
        .iter()
        .map(|_| Box::new(|_: &mut Request<String>, res| answer(res)) as Box<_>)
        .collect();

    let mut next = 0;
    let mut pick = || {
        next = (next + 1) % paths.len();
        &paths[next]
    };
    let request = |path: &str| Request::get(path).body(String::new()).expect("request");

    let (mut raw_lookup, mut direct, mut routed) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        raw_lookup.push(time(|| {
            let path = pick();
            black_box(matcher.at(black_box(path)).map(|m| *m.value).ok());
        }));
        direct.push(time(|| {
            let mut req = request(pick());
            let index = *matcher.at(req.uri().path()).expect("routed").value;
            let reply = handlers[index](&mut req, Reply::new());
            black_box(reply.into_response().expect("response"));
        }));
        routed.push(time(|| {
            let req = request(pick());
            black_box(router.handle(req).expect("response"));
        }));
    }
    let (raw_lookup, direct, routed) = (median(raw_lookup), median(direct), median(routed));
    println!(
        "routes: {}, paths cycled: {}, {ROUNDS} rounds x {ITERATIONS} iterations, medians:",
        routes.len(),
        paths.len()
    );
    println!(
        "  matchit lookup only            {:>8.0} ns",
        raw_lookup.as_nanos()
    );
    println!(
        "  matchit + handler (hand-made)  {:>8.0} ns",
        direct.as_nanos()
    );
    println!(
        "  Router::handle                 {:>8.0} ns",
        routed.as_nanos()
    );
    println!(
        "  ratio Router::handle / hand-made dispatch: {:.2}",
        routed.as_secs_f64() / direct.as_secs_f64()
    );
}
