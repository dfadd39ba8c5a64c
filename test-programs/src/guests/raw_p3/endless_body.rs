//! A body stream that sends `tick`, then neither writes nor ends (it
//! waits an hour on the host's clock).

use edge::__internal::bindings::wasi::clocks::monotonic_clock::wait_for;
use edge::__internal::bindings::wasi::http::types::{ErrorCode, Fields, Response, Trailers};
use edge::__internal::bindings::{wit_future, wit_stream};

use super::HOUR;

pub(super) fn respond() -> Response {
    let (mut contents, contents_rx) = wit_stream::new::<u8>();
    let (end, end_rx) = wit_future::new::<Result<Option<Trailers>, ErrorCode>>(|| Ok(None));
    let (response, _) = Response::new(Fields::new(), Some(contents_rx), end_rx);
    edge::__internal::wit_bindgen::spawn_local(async move {
        contents.write_all(b"tick".to_vec()).await;
        wait_for(HOUR).await;
        // Not reached within a request's time: the stream and its end
        // stay open until then.
        drop((contents, end));
    });
    response
}
