//! An app whose state is built once, for the pre-initialization tests.
//!
//! Without features its initialization is well-behaved; each cargo feature
//! (see `Cargo.toml`) adds one thing an initialization must not do, or
//! fails in one way.

mod misbehave;

use std::cell::Cell;
use std::hash::BuildHasher as _;
use std::rc::Rc;

use edge::Router;

/// The number of entries the initialization builds into its table.
const TABLE_SIZE: u32 = 1000;

#[edge::main]
fn main() -> Router {
    misbehave::at_init();

    // Built once: a table, and a counter the requests change.
    let table: Rc<Vec<u32>> = Rc::new((0..TABLE_SIZE).map(|n| n * n).collect());
    let requests = Rc::new(Cell::new(0_u32));

    let mut router = Router::new();
    router.get("/table", move |_req, res| {
        res.send(format!("{} {}", table.len(), table[table.len() - 1]))
    });
    // Each request starts from the built state: it always counts 1.
    router.get("/count", move |_req, res| {
        requests.set(requests.get() + 1);
        res.send(requests.get().to_string())
    });
    // What must differ per request comes from the host at request time.
    router.get("/random", |_req, res| {
        let hash = std::collections::hash_map::RandomState::new().hash_one(0_u8);
        res.send(hash.to_string())
    });
    router.get("/time", |_req, res| {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        res.send(now.to_string())
    });
    misbehave::routes(&mut router);
    router
}
