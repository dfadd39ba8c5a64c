//! The WASI 0.3 backend: requests come through `wasi:http/handler`, go out
//! through `wasi:http/client`, and bodies move over component-model
//! streams, with a future that says how each body ended.
//!
//! The SDK stays synchronous: each wait on the host is a
//! [`block_on`](wit_bindgen::block_on) of one stream or call, which waits
//! on just that (the instance serves one request). A response body is
//! written by a task the handler leaves running after it has returned the
//! head, as 0.3 requires.

#[cfg(feature = "plugin")]
pub(crate) mod held_body;
pub(crate) mod incoming;
pub(crate) mod outbound;
pub(crate) mod outgoing;
mod streams;
