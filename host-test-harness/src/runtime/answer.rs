//! [`Answer`]: what a request through a guest gives back.

use std::sync::Arc;

use super::failure::Failure;
use super::guest_body::GuestBody;
use super::guest_end::GuestEnd;
use super::log_capture::LogCapture;
use super::request_timing::TimingRecorder;

/// What a guest answered: a response to send, how the guest ended, and
/// what it logged.
#[non_exhaustive]
pub struct Answer {
    /// The response to send. The guest's own, whose body streams while the
    /// guest runs and ends (or fails) together with it; or, when the guest
    /// gave none, the host's rendering of [`Answer::failure`].
    pub response: http::Response<GuestBody>,
    /// Why the guest gave no response, when it gave none.
    pub failure: Option<Arc<Failure>>,
    /// Resolves once the guest has ended and its instance is gone: at once
    /// when it gave no response.
    pub end: GuestEnd,
    /// What the guest wrote to stdout.
    pub stdout: LogCapture,
    /// What the guest wrote to stderr.
    pub stderr: LogCapture,
    /// Filled in as the guest runs; complete once [`Answer::end`] resolves.
    pub timing: TimingRecorder,
}
