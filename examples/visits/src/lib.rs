//! A visit counter in the key-value store: `/` counts every visit, each
//! path counts its own, and `/stats` reports them.

use std::collections::BTreeMap;

use edge::kv::Store;
use edge::{Request, Response, Router};
use serde::{Deserialize, Serialize};

/// The last visit, kept as JSON.
#[derive(Serialize, Deserialize)]
struct LastVisit {
    path: String,
    number: u64,
}

#[edge::main]
fn main(req: Request) -> edge::Result<Response> {
    let mut router = Router::new();
    router.get("/stats", |_req, res| {
        let store = Store::open_default()?;
        let mut paths = BTreeMap::new();
        for key in store.keys_with_prefix("path:")? {
            let count = store
                .get(&key)?
                .and_then(|v| String::from_utf8(v).ok())
                .unwrap_or_default();
            paths.insert(
                key["path:".len()..].to_owned(),
                count.parse::<u64>().unwrap_or(0),
            );
        }
        let last: Option<LastVisit> = store.get_json("last")?;
        Ok(res.json(&serde_json::json!({ "paths": paths, "last": last })))
    });
    router.post("/reset", |_req, res| {
        let store = Store::open_default()?;
        let mut keys = store.keys_with_prefix("path:")?;
        keys.extend(["visits".to_owned(), "last".to_owned()]);
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        store.delete_many(&keys)?;
        Ok(res.send("reset"))
    });
    router.get("/*path", count);
    router.get("/", count);
    router.handle(req)
}

fn count(req: &mut Request, res: edge::Reply) -> edge::Result<edge::Reply> {
    let store = Store::open_default()?;
    let path = req.uri().path().to_owned();
    let number = store.increment("visits", 1)?;
    store.increment(&format!("path:{path}"), 1)?;
    store.set_json("last", &LastVisit { path, number })?;
    Ok(res.send(format!("visit {number}")))
}
