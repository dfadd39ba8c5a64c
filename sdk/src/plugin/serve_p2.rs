//! A plugin over WASI 0.2: `wasi:http/incoming-handler` in, the next one
//! out. 0.2 cannot build an incoming request, so the request goes on as
//! the host gave it, its body unread.

use super::verdict::{Verdict, verdict};
use super::{BodyPrefix, IntoDecision, RequestHead};
use crate::__internal::bindings::wasi::http::types::{IncomingRequest, ResponseOutparam};
use crate::wasi::bindings::plugin::wasi::http::incoming_handler::handle as next;
use crate::wasi::{incoming, outgoing};

/// Runs one request through the plugin `check` (named `name` in the
/// log): hands the request on whole to the next handler (the imported
/// `wasi:http/incoming-handler`, so the next plugin or the app), or
/// answers it.
pub fn serve<D: IntoDecision>(
    request: IncomingRequest,
    out: ResponseOutparam,
    name: &'static str,
    check: impl FnOnce(&RequestHead) -> D,
) {
    match verdict(incoming::head(&request), name, check) {
        Verdict::Pass => next(request, out),
        Verdict::Answer(response) => {
            drop(request);
            outgoing::send(response, out);
        }
    }
}

/// [`serve`] for a plugin that reads bodies: over 0.2 it sees each body
/// [unread](BodyPrefix::unread), and the body goes on untouched.
pub fn serve_with_body<D: IntoDecision>(
    request: IncomingRequest,
    out: ResponseOutparam,
    name: &'static str,
    check: impl FnOnce(&RequestHead, &BodyPrefix) -> D,
) {
    serve(request, out, name, |head| {
        check(head, &BodyPrefix::unread())
    });
}
