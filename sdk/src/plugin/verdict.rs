//! What a plugin's check comes to for a request, the same over WASI 0.2
//! and 0.3: pass it on, or the response to send.

use super::{Decision, IntoDecision, RequestHead};
use crate::error_response::log_and_render;
use crate::{Error, Response};

/// What happens to a request.
pub(super) enum Verdict {
    /// It goes on to the next handler.
    Pass,
    /// The plugin answers it with this.
    Answer(Response),
}

/// Runs `check` on the request's `head` (named `name` in a panic's log
/// line). A head the SDK cannot represent, or an error the plugin
/// returns, answers with its status, as in an app.
pub(super) fn verdict<D: IntoDecision>(
    head: Result<RequestHead, Error>,
    name: &'static str,
    check: impl FnOnce(&RequestHead) -> D,
) -> Verdict {
    std::panic::set_hook(Box::new(move |info| {
        crate::__internal::log_panic(&format_args!("the plugin `{name}`"), info);
    }));
    match head {
        Ok(head) => match check(&head).into_decision() {
            Ok(Decision::Pass) => Verdict::Pass,
            Ok(Decision::Respond(response)) => Verdict::Answer(response),
            Err(e) => Verdict::Answer(log_and_render(head.method(), head.uri(), &e)),
        },
        Err(e) => Verdict::Answer(log_and_render(
            &http::Method::GET,
            &http::Uri::default(),
            &e,
        )),
    }
}
