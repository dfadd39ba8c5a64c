//! A request whose body a plugin reads the start of, then hands on whole:
//! WASI 0.3 builds a new request around a new stream, which a task fills
//! with the bytes read and then the rest, as they arrive.

use wit_bindgen::{FutureWriter, StreamReader, StreamResult, StreamWriter};

use super::streams::{BodyEnd, READ_CHUNK};
use crate::wasi::bindings::wasi::http::types::{
    ErrorCode, Fields, Method, Request as WasiRequest, RequestOptions, Scheme, Trailers,
};
use crate::wasi::bindings::{wit_future, wit_stream};

/// A request taken apart: its head, the first bytes of its body, and the
/// rest still with the host.
pub(crate) struct HeldBody {
    method: Method,
    scheme: Option<Scheme>,
    authority: Option<String>,
    path_with_query: Option<String>,
    headers: Fields,
    options: Option<RequestOptions>,
    prefix: Vec<u8>,
    /// What follows the prefix: the rest of the stream, or how the body
    /// ended within the prefix.
    tail: Tail,
    /// How the body's reader fared, for the host: dropped, it says "well".
    handled: FutureWriter<Result<(), ErrorCode>>,
}

impl HeldBody {
    /// Takes `request` apart and reads up to `limit` bytes of its body
    /// (fewer if the body is shorter).
    pub(crate) async fn read(request: WasiRequest, limit: usize) -> Self {
        let method = request.get_method();
        let scheme = request.get_scheme();
        let authority = request.get_authority();
        let path_with_query = request.get_path_with_query();
        let headers = request.get_headers().clone();
        let options = request.get_options();
        let (handled, handled_rx) = wit_future::new::<Result<(), ErrorCode>>(|| Ok(()));
        let (mut stream, end) = WasiRequest::consume_body(request, handled_rx);
        let mut prefix = Vec::new();
        let mut rest_open = true;
        while rest_open && prefix.len() < limit {
            let want = (limit - prefix.len()).min(READ_CHUNK);
            let (result, chunk) = stream.read(Vec::with_capacity(want)).await;
            prefix.extend_from_slice(&chunk);
            rest_open = matches!(result, StreamResult::Complete(_));
        }
        let tail = if rest_open {
            Tail::Open { rest: stream, end }
        } else {
            // The stream ended: how the body ended is known now (its
            // trailers, or the error that cut it), and says whether the
            // prefix is the whole body.
            drop(stream);
            Tail::Ended(end.await)
        };
        Self {
            method,
            scheme,
            authority,
            path_with_query,
            headers,
            options,
            prefix,
            tail,
            handled,
        }
    }

    /// The bytes read.
    pub(crate) fn prefix(&self) -> &[u8] {
        &self.prefix
    }

    /// Whether the bytes read are the whole body: its stream ended within
    /// them, and not cut by an error (a client that went away mid-body).
    pub(crate) fn is_whole(&self) -> bool {
        matches!(self.tail, Tail::Ended(Ok(_)))
    }

    /// The request again, with the same head and the whole body: the bytes
    /// read, then the rest as the host gives it, then the body's end
    /// (trailers, or the error that cut it), written by a task that runs
    /// as long as the reader reads.
    ///
    /// # Errors
    ///
    /// The host refused to set a part of the head it gave (it never
    /// should): the request cannot go on as it came.
    pub(crate) fn pass_on(self) -> Result<WasiRequest, ErrorCode> {
        let (contents, contents_rx) = wit_stream::new::<u8>();
        let (end, end_rx) = wit_future::new::<Result<Option<Trailers>, ErrorCode>>(|| Ok(None));
        let (request, _handled) =
            WasiRequest::new(self.headers, Some(contents_rx), end_rx, self.options);
        let same = request.set_method(&self.method).is_ok()
            && request.set_scheme(self.scheme.as_ref()).is_ok()
            && request.set_authority(self.authority.as_deref()).is_ok()
            && request
                .set_path_with_query(self.path_with_query.as_deref())
                .is_ok();
        if !same {
            return Err(ErrorCode::InternalError(Some(
                "a plugin could not hand the request on: the host refused its own head".into(),
            )));
        }
        let handled = self.handled;
        wit_bindgen::spawn_local(async move {
            relay(self.prefix, self.tail, contents, end).await;
            drop(handled);
        });
        Ok(request)
    }
}

/// What follows the bytes a plugin read.
enum Tail {
    /// The body goes on: the rest of its stream, then how it ended.
    Open {
        rest: StreamReader<u8>,
        end: BodyEnd,
    },
    /// The stream ended within the prefix, this way.
    Ended(Result<Option<Trailers>, ErrorCode>),
}

/// Writes `prefix`, then what `tail` has of the stream, to `out`, then how
/// the body ended to `out_end`; stops when the reader goes away.
async fn relay(
    prefix: Vec<u8>,
    mut tail: Tail,
    mut out: StreamWriter<u8>,
    out_end: FutureWriter<Result<Option<Trailers>, ErrorCode>>,
) {
    let mut reader_there = prefix.is_empty() || out.write_all(prefix).await.is_empty();
    if let Tail::Open { rest, .. } = &mut tail {
        while reader_there {
            let (result, chunk) = rest.read(Vec::with_capacity(READ_CHUNK)).await;
            if !chunk.is_empty() {
                reader_there = out.write_all(chunk).await.is_empty();
            }
            if !matches!(result, StreamResult::Complete(_)) {
                break;
            }
        }
    }
    drop(out);
    if reader_there {
        let ending = match tail {
            Tail::Open { rest, end } => {
                drop(rest);
                end.await
            }
            Tail::Ended(ending) => ending,
        };
        let _ = out_end.write(ending).await;
    }
}
