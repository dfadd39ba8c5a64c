//! A chunked body ended with trailers, as `wasi:http@0.3` allows through
//! the body's end future: well behaved, so the host must log it as the
//! complete response it is.

use edge::__internal::bindings::wasi::http::types::{ErrorCode, Fields, Response, Trailers};
use edge::__internal::bindings::{wit_future, wit_stream};

pub(super) fn respond() -> Response {
    let (mut contents, contents_rx) = wit_stream::new::<u8>();
    let (end, end_rx) = wit_future::new::<Result<Option<Trailers>, ErrorCode>>(|| Ok(None));
    let (response, _) = Response::new(Fields::new(), Some(contents_rx), end_rx);
    edge::__internal::wit_bindgen::spawn_local(async move {
        contents.write_all(b"body before trailers".to_vec()).await;
        drop(contents);
        let trailers = Fields::new();
        let _ = trailers.append("x-checksum", b"0");
        let _ = end.write(Ok(Some(trailers))).await;
    });
    response
}
