//! Never returns a response: the handler waits an hour on the host's
//! clock first, as a guest waiting on I/O that never comes would.

use edge::__internal::bindings::wasi::clocks::monotonic_clock::wait_for;
use edge::__internal::bindings::wasi::http::types::{ErrorCode, Response};

use super::HOUR;

pub(super) async fn wait() -> Result<Response, ErrorCode> {
    wait_for(HOUR).await;
    Err(ErrorCode::InternalError(Some("an hour went by".to_owned())))
}
