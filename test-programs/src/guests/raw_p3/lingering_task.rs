//! Answers `done` whole, leaving a task that does not finish within the
//! request's time (it waits an hour on the host's clock).

use edge::__internal::bindings::wasi::http::types::Response;

use edge::__internal::bindings::wasi::clocks::monotonic_clock::wait_for;

use super::HOUR;
use super::text_response::text_response;

pub(super) fn respond() -> Response {
    edge::__internal::wit_bindgen::spawn_local(async {
        wait_for(HOUR).await;
    });
    text_response("done")
}
