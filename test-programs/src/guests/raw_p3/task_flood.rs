//! Spawns 10,000 tasks, each waiting an hour on the host's monotonic clock
//! (so each holds a call in the host), then answers.

use edge::__internal::bindings::wasi::clocks::monotonic_clock::wait_for;
use edge::__internal::bindings::wasi::http::types::Response;

use super::HOUR;
use super::text_response::text_response;

/// How many tasks the guest leaves waiting.
const TASKS: usize = 10_000;

pub(super) fn respond() -> Response {
    for _ in 0..TASKS {
        edge::__internal::wit_bindgen::spawn_local(async {
            wait_for(HOUR).await;
        });
    }
    text_response("spawned 10000")
}
