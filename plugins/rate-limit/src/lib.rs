//! An edge plugin that allows each client so many requests per fixed time
//! window, counted in the host's key-value store.
//!
//! | configuration | meaning | default |
//! |---|---|---|
//! | `rate-limit.requests` | requests a client may make per window (at most 10⁹) | 100 |
//! | `rate-limit.window-seconds` | the window's length (at most 86,400: a day) | 60 |
//! | `rate-limit.buckets` | how many counters (store keys) clients share (at most 2²⁴) | 65,536 |
//! | `rate-limit.client-header` | the header naming the client | `x-forwarded-for` |
//! | `rate-limit.trusted-hops` | entries at the right of that header written by proxies you trust (at most 32) | 0 |
//! | `rate-limit.store` | the key-value store of the counts | the default store |
//!
//! Composed in front of an app, the plugin has its own copy of each store
//! it opens (`rate-limit/` on the host for the default store,
//! `rate-limit/NAME` for `NAME`): it never sees the app's keys, nor the app
//! its counters unless it opens `rate-limit/` itself.
//!
//! A request past the allowance is answered `429 Too Many Requests` with
//! `Retry-After` (the seconds until the window ends) and never reaches
//! the app. A setting out of its range answers 500, and the log names the
//! key and the bound.
//!
//! **Clients.** `wasi:http` 0.2 gives a component no peer address, so
//! clients are told apart by a header the servers in front write. Each
//! proxy appends the address it saw to `X-Forwarded-For`, and whatever
//! is to the left came from the client, who can write anything there. So
//! the client is the entry `rate-limit.trusted-hops` places from the right
//! (0: the rightmost, the address the nearest server saw), the header's
//! lines read as one list. With fewer entries than that, the leftmost
//! counts; without the header, requests share the `anonymous` allowance.
//!
//! `edge serve` is such a server: it appends the peer's address, and drops
//! what a peer that is not a `--trusted-proxy` forwarded. So the default,
//! 0, counts each peer on its own and cannot be fooled. Behind N proxies
//! of yours, give each to `edge serve --trusted-proxy` and set
//! `rate-limit.trusted-hops` to N: the entry each appended is skipped.
//! Too high a value for the setup costs nothing on `edge serve` (a direct
//! client's request carries one entry); on another host, check that its
//! front server appends the peer too.
//!
//! **Buckets.** Clients are counted in `rate-limit.buckets` buckets: the
//! 64-bit FNV-1a hash of the client's id modulo that number, one key
//! `rate-limit:<bucket>` each, so the plugin never holds more keys than
//! there are buckets, whatever the number of clients (one-time ones, or an
//! attacker rotating addresses). The trade-off is collisions: clients in
//! one bucket share one allowance, and with `n` clients active in a
//! window a client shares its bucket with about `n / buckets` others. The
//! hash is fixed and public, so someone who controls many addresses can
//! pick ones that share a victim's bucket; more buckets make accidents
//! rarer but cost keys: keep `rate-limit.buckets` under the store's
//! `kv-max-keys`, beside the app's own keys, or give the plugin a store
//! of its own.
//!
//! **Counting.** A bucket's value is `window × 2³² + count`, incremented
//! atomically; when the value read back is of another window (an earlier
//! one, or a later one an instance with its clock ahead wrote), the
//! plugin sets it to this window with a count of 1. Under concurrency a
//! few requests at a window's start can go uncounted (those that meet the
//! old window's value, or whose increment a concurrent reset overwrites).
//!
//! **Hosts.** The counts need a store that keeps its data across
//! requests, as `edge serve`'s does (SQLite, or memory for the server's
//! life). `wasmtime serve -S keyvalue` gives each request a private copy
//! of its in-memory data, so there no count would outlive its request;
//! and composed in front of an app the plugin opens its own copy
//! (`rate-limit/`), a store `wasmtime serve` does not give (it gives the
//! default store alone): there every request answers 500, the
//! configuration error below.
//!
//! **A failing store.** A store that cannot be opened (one the host does
//! not grant) is a configuration error: 500, whatever the client. A
//! count the store refuses (full, or failing) lets the request through
//! uncounted, and the log says so: the plugin fails open, so that a store
//! outage, or someone filling a shared store, does not stop every
//! request.

mod bucket;
mod client;
mod counter;
mod settings;
mod window;

use std::time::{SystemTime, UNIX_EPOCH};

use edge::Response;
use edge::http::{HeaderValue, StatusCode, header};
use edge::kv::Store;
use edge::plugin::{Decision, RequestHead};

use settings::Settings;

/// Counts the request; passes it while its client is within the limit.
#[edge::plugin]
fn rate_limit(req: &RequestHead) -> edge::Result<Decision> {
    let settings = Settings::from_config()?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let client = client::client(req, &settings.client_header, settings.trusted_hops);
    let key = bucket::key(client, settings.buckets);
    let store = Store::open(&settings.store)?;
    let count = match counter::count(&store, &key, window::index(now, settings.window_seconds)) {
        Ok(count) => count,
        Err(error) => {
            eprintln!("rate-limit: the request passes uncounted: {error}");
            return Ok(Decision::Pass);
        }
    };
    if count <= settings.requests {
        return Ok(Decision::Pass);
    }
    let retry_after = window::retry_after(now, settings.window_seconds);
    Ok(Decision::Respond(too_many(retry_after, settings.requests)))
}

/// The 429 answer.
fn too_many(retry_after: u64, limit: u64) -> Response {
    let mut response = Response::new("Too Many Requests\n".into());
    *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    let headers = response.headers_mut();
    headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    headers.insert("x-ratelimit-limit", HeaderValue::from(limit));
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}
