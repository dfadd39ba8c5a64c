//! An edge plugin that allows each client so many requests per fixed time
//! window, counted in the host's key-value store.
//!
//! | configuration | meaning | default |
//! |---|---|---|
//! | `rate-limit.requests` | requests a client may make per window | 100 |
//! | `rate-limit.window-seconds` | the window's length | 60 |
//! | `rate-limit.client-header` | the header naming the client (its first comma-separated entry) | `x-forwarded-for` |
//! | `rate-limit.store` | the key-value store of the counts | the default store |
//!
//! A request past the allowance is answered `429 Too Many Requests` with
//! `Retry-After` (the seconds until the window ends) and never reaches
//! the app. Windows are fixed: the count of `client` in window `n` is the
//! key `rate-limit:<client>:<n>`, incremented atomically, and a client's
//! first request in a window deletes its count of the window before.
//!
//! `wasi:http` 0.2 gives a component no peer address, so clients are told
//! apart by a header the proxy in front sets; requests without it share
//! the `anonymous` allowance. A client that can set the header itself can
//! pick a new id per request: put the plugin behind a proxy that
//! overwrites it.

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
    let client = window::client(req, &settings.client_header);
    let index = window::index(now, settings.window_seconds);
    let store = Store::open(&settings.store)?;
    let count = store.increment(&window::key(&client, index), 1)?;
    if count == 1 && index > 0 {
        // Best effort: a count this fails to delete stays behind, within
        // the store's quotas.
        let _ = store.delete(&window::key(&client, index - 1));
    }
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
