//! Outgoing HTTP requests, over the standard `wasi:http/outgoing-handler`.
//!
//! [`fetch`] sends one request and returns the response once its head has
//! arrived; the body streams, so a proxied body is never held whole.
//! [`send`] starts a request without waiting, so several run at once: wait
//! for all of them with [`wait_all`], or for the first with [`wait_first`].
//! No async runtime is involved: waiting blocks on `wasi:io` pollables.
//!
//! ```no_run
//! use edge::{Body, fetch, http};
//!
//! let req = http::Request::get("https://api.example.com/users/1").body(Body::empty())?;
//! let res = edge::fetch(req)?;
//! assert_eq!(res.status(), 200);
//!
//! // Three backends at once: about as long as the slowest.
//! let pending = ["a", "b", "c"]
//!     .iter()
//!     .map(|name| {
//!         let req = http::Request::get(format!("https://{name}.example.com/")).body(Body::empty())?;
//!         Ok(fetch::send(req)?)
//!     })
//!     .collect::<edge::Result<Vec<_>>>()?;
//! let responses = fetch::wait_all(pending);
//! # let _ = responses;
//! # Ok::<(), edge::Error>(())
//! ```
//!
//! Which destinations an app may reach is the host's decision: `edge serve`
//! and `TestApp` deny everything not allowed or mocked, and such a request
//! fails with [`FetchErrorKind::Denied`].

pub use crate::fetch_error::{FetchError, FetchErrorKind};
pub use crate::fetch_timeouts::Timeouts;
use crate::{Request, Response};

/// A request on its way: started by [`send`], finished by
/// [`wait`](PendingResponse::wait), [`wait_all`] or [`wait_first`].
pub struct PendingResponse {
    #[cfg(target_arch = "wasm32")]
    pub(crate) inner: crate::wasi::outbound::Pending,
    #[cfg(not(target_arch = "wasm32"))]
    never: std::convert::Infallible,
}

impl std::fmt::Debug for PendingResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PendingResponse")
    }
}

/// Sends `request` and waits for the response head; the body streams.
pub fn fetch(request: Request) -> Result<Response, FetchError> {
    send(request)?.wait()
}

/// Starts `request` without waiting for the answer.
pub fn send(request: Request) -> Result<PendingResponse, FetchError> {
    #[cfg(target_arch = "wasm32")]
    {
        crate::wasi::outbound::start(request).map(|inner| PendingResponse { inner })
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        Err(FetchError::new(
            FetchErrorKind::NoHost,
            request.uri().to_string(),
            "outgoing requests need the edge host: run this code in a component (TestApp or edge serve)",
        ))
    }
}

impl PendingResponse {
    /// Waits for the response head.
    pub fn wait(self) -> Result<Response, FetchError> {
        #[cfg(target_arch = "wasm32")]
        {
            self.inner.wait()
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            match self.never {}
        }
    }
}

/// Waits for every request; the answers come in the order of `pending`.
/// They run concurrently, so this takes about as long as the slowest.
pub fn wait_all(pending: Vec<PendingResponse>) -> Vec<Result<Response, FetchError>> {
    #[cfg(target_arch = "wasm32")]
    {
        crate::wasi::outbound::wait_all(pending.into_iter().map(|p| p.inner).collect())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        pending.into_iter().map(PendingResponse::wait).collect()
    }
}

/// Waits for whichever request answers first, and returns its index in
/// `pending` with its answer. The others are cancelled.
///
/// Panics if `pending` is empty.
pub fn wait_first(pending: Vec<PendingResponse>) -> (usize, Result<Response, FetchError>) {
    assert!(
        !pending.is_empty(),
        "wait_first needs at least one pending request"
    );
    #[cfg(target_arch = "wasm32")]
    {
        crate::wasi::outbound::wait_first(pending.into_iter().map(|p| p.inner).collect())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        match pending.into_iter().next().map(|p| p.never) {
            Some(never) => match never {},
            None => unreachable!("checked non-empty above"),
        }
    }
}
