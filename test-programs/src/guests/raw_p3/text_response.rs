//! A 200 whose body `text` is written by a task after the response is
//! returned, as 0.3 wants, and sent chunked.

use edge::__internal::bindings::wasi::http::types::{ErrorCode, Fields, Response, Trailers};
use edge::__internal::bindings::{wit_future, wit_stream};

/// The response, its body written and ended well by a spawned task.
pub(super) fn text_response(text: &'static str) -> Response {
    let (mut contents, contents_rx) = wit_stream::new::<u8>();
    let (end, end_rx) = wit_future::new::<Result<Option<Trailers>, ErrorCode>>(|| Ok(None));
    // No `content-length`: the client learns the body is whole only from
    // its end (the last chunk), so the end must not wait for other tasks.
    let (response, _) = Response::new(Fields::new(), Some(contents_rx), end_rx);
    edge::__internal::wit_bindgen::spawn_local(async move {
        contents.write_all(text.as_bytes().to_vec()).await;
        drop(contents);
        let _ = end.write(Ok(None)).await;
    });
    response
}
