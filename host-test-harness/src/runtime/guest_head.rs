//! How a guest's response head reaches the host, whichever `wasi:http`
//! version it speaks.

use tokio::sync::oneshot;
use wasmtime_wasi_http::p2::body::HyperOutgoingBody;

/// The guest's response head with its streaming body, or the `wasi:http`
/// error code it answered with instead (as text: 0.2 and 0.3 each have
/// their own type).
pub(crate) type HeadResult = Result<http::Response<HyperOutgoingBody>, String>;

/// Where the guest's head is sent, once.
pub(crate) type HeadSender = oneshot::Sender<HeadResult>;
