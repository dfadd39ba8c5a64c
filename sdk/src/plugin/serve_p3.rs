//! A plugin over WASI 0.3: `wasi:http/handler` in, the next one out. A
//! plugin that reads bodies takes the request apart and builds it again
//! around the whole body.

use super::verdict::{Verdict, verdict};
use super::{BodyPrefix, Decision, IntoDecision, RequestHead};
use crate::__internal::bindings::wasi::http::types::{
    ErrorCode, Request as WasiRequest, Response as WasiResponse,
};
use crate::wasi::bindings::plugin::wasi::http::handler::handle as next;
use crate::wasi::held_body::HeldBody;
use crate::wasi::{incoming, outgoing};

/// Runs one request through the plugin `check` (named `name` in the
/// log): hands the request on as it came to the next handler (the
/// imported `wasi:http/handler`, so the next plugin or the app), its body
/// unread, or answers it.
///
/// # Errors
///
/// The next handler's error, passed back as it is.
pub async fn serve<D: IntoDecision>(
    request: WasiRequest,
    name: &'static str,
    check: impl FnOnce(&RequestHead) -> D,
) -> Result<WasiResponse, ErrorCode> {
    match verdict(incoming::head(&request), name, check) {
        Verdict::Pass => next(request).await,
        Verdict::Answer(response) => {
            drop(request);
            Ok(outgoing::respond(response))
        }
    }
}

/// [`serve`] for a plugin that reads bodies: `check` sees the first
/// [`BodyPrefix::LIMIT`] bytes of the body, and a request it passes goes
/// on with its whole body, streamed.
///
/// # Errors
///
/// The next handler's error, passed back as it is.
pub async fn serve_with_body<D: IntoDecision>(
    request: WasiRequest,
    name: &'static str,
    check: impl FnOnce(&RequestHead, &BodyPrefix) -> D,
) -> Result<WasiResponse, ErrorCode> {
    let head = match incoming::head(&request) {
        Ok(head) => head,
        Err(e) => return answer(verdict(Err(e), name, |_| Decision::Pass)),
    };
    let held = HeldBody::read(request, BodyPrefix::LIMIT).await;
    let prefix = BodyPrefix::new(held.prefix().to_vec(), held.is_whole());
    match verdict(Ok(head), name, |head| check(head, &prefix)) {
        Verdict::Pass => next(held.pass_on()?).await,
        answered @ Verdict::Answer(_) => answer(answered),
    }
}

/// The response of a plugin that answers.
fn answer(verdict: Verdict) -> Result<WasiResponse, ErrorCode> {
    match verdict {
        Verdict::Answer(response) => Ok(outgoing::respond(response)),
        Verdict::Pass => Err(ErrorCode::InternalError(Some(
            "a plugin passed a request it could not read".into(),
        ))),
    }
}
