//! Guests that speak `wasi:http@0.3` directly (the 0.3 build): the host
//! must hold against what 0.3 lets a component do that 0.2 does not,
//! above all tasks that run on after the response.

mod endless_body;
mod fields_hoard;
mod lingering_task;
mod never_responds;
mod task_flood;
mod text_response;
mod trailers;

use edge::__internal::bindings::wasi::http::types::{ErrorCode, Request, Response};

use crate::routes;

/// An hour, in nanoseconds: longer than any request may run.
const HOUR: u64 = 3_600 * 1_000_000_000;

/// Answers `request` with the raw guest its path names, or through the SDK.
pub(crate) async fn handle(request: Request) -> Result<Response, ErrorCode> {
    match request.get_path_with_query().as_deref() {
        Some(routes::P3_NEVER_RESPONDS) => never_responds::wait().await,
        Some(routes::P3_ENDLESS_BODY) => Ok(endless_body::respond()),
        Some(routes::P3_LINGERING_TASK) => Ok(lingering_task::respond()),
        Some(routes::P3_TASK_FLOOD) => Ok(task_flood::respond()),
        Some(routes::TRAILERS) => Ok(trailers::respond()),
        Some(routes::P3_FIELDS_HOARD) => Ok(fields_hoard::from_list()),
        Some(routes::P3_CLONE_HOARD) => Ok(fields_hoard::clone()),
        _ => edge::__internal::serve(request, super::through_the_sdk).await,
    }
}
