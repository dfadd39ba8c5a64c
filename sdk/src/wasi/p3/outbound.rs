//! [`Request`](crate::Request) → `wasi:http@0.3` client call, and the
//! response back.
//!
//! A call starts when its future is first polled, so requests sent with
//! `fetch::send` go out together when they are waited on: `wait_all` and
//! `wait_first` start every call, then write the request bodies, then
//! wait, so fan-out runs concurrently.

use std::future::Future;
use std::io::Write;
use std::pin::Pin;
use std::task::Poll;

use wit_bindgen::{FutureWriter, StreamWriter};

use super::streams::{BodyReader, BodyWriter};
use crate::fetch_error::{FetchError, FetchErrorKind};
use crate::wasi::bindings::wasi::http::client;
use crate::wasi::bindings::wasi::http::types::{
    ErrorCode, Request as WasiRequest, Response as WasiResponse, Trailers,
};
use crate::wasi::bindings::{wit_future, wit_stream};
use crate::wasi::error_code::error;
use crate::wasi::fetch_head::{fetch_head, refused_by_host, response_head};
use crate::{Body, Request, Response};

type Call = Pin<Box<dyn Future<Output = Result<WasiResponse, ErrorCode>>>>;
type BodyEnd = FutureWriter<Result<Option<Trailers>, ErrorCode>>;

/// A request ready to go: its call, not yet started, and its body.
pub(crate) struct Pending {
    call: Call,
    body: Option<(Body, StreamWriter<u8>, BodyEnd)>,
    url: String,
}

/// Checks and converts `request`; the call starts when it is waited on.
pub(crate) fn start(request: Request) -> Result<Pending, FetchError> {
    let (parts, body) = request.into_parts();
    let url = parts.uri.to_string();
    let head = fetch_head(&parts, &url)?;
    let (contents, contents_rx) = wit_stream::new::<u8>();
    let (end, end_rx) = wit_future::new::<Result<Option<Trailers>, ErrorCode>>(|| Ok(None));
    let (wasi_request, _sent) =
        WasiRequest::new(head.headers, Some(contents_rx), end_rx, head.options);
    let accepted = wasi_request.set_method(&head.method).is_ok()
        && wasi_request.set_scheme(Some(&head.scheme)).is_ok()
        && wasi_request.set_authority(Some(&head.authority)).is_ok()
        && wasi_request.set_path_with_query(Some(&head.path)).is_ok();
    if !accepted {
        return Err(refused_by_host(&url));
    }
    Ok(Pending {
        call: Box::pin(client::send(wasi_request)),
        body: Some((body, contents, end)),
        url,
    })
}

impl Pending {
    /// Blocks until the response head is here.
    pub(crate) fn wait(self) -> Result<Response, FetchError> {
        let (_, answer) = wait_first(vec![self]);
        answer
    }
}

/// Blocks until each of `pending` answers; the answers in order.
pub(crate) fn wait_all(pending: Vec<Pending>) -> Vec<Result<Response, FetchError>> {
    let calls = wit_bindgen::block_on(async move {
        let mut calls = started(pending).await;
        std::future::poll_fn(|cx| {
            let mut all = true;
            for call in &mut calls {
                all &= call.poll_answer(cx).is_ready();
            }
            if all { Poll::Ready(()) } else { Poll::Pending }
        })
        .await;
        calls
    });
    calls.into_iter().map(Started::into_answer).collect()
}

/// Blocks until one of `pending` answers; the rest are dropped (their
/// calls cancelled).
pub(crate) fn wait_first(pending: Vec<Pending>) -> (usize, Result<Response, FetchError>) {
    wit_bindgen::block_on(async move {
        let mut calls = started(pending).await;
        let first = std::future::poll_fn(|cx| {
            for (index, call) in calls.iter_mut().enumerate() {
                if call.poll_answer(cx).is_ready() {
                    return Poll::Ready(index);
                }
            }
            Poll::Pending
        })
        .await;
        // The others are cancelled here, inside the `block_on`: it returns
        // only once every call registered with it has ended.
        let answer = calls.swap_remove(first).into_answer();
        drop(calls);
        (first, answer)
    })
}

/// A call under way, with its answer once it has one.
struct Started {
    call: Call,
    answer: Option<Result<WasiResponse, ErrorCode>>,
    /// The request body failed to go out.
    body_failed: Option<std::io::Error>,
    url: String,
}

impl Started {
    fn poll_answer(&mut self, cx: &mut std::task::Context<'_>) -> Poll<()> {
        if self.answer.is_none()
            && let Poll::Ready(answer) = self.call.as_mut().poll(cx)
        {
            self.answer = Some(answer);
        }
        if self.answer.is_some() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }

    fn into_answer(self) -> Result<Response, FetchError> {
        match self.answer {
            Some(Ok(response)) => match self.body_failed {
                // The host answered though the body did not all go out.
                Some(e) => Err(FetchError::new(
                    FetchErrorKind::Protocol,
                    &self.url,
                    format!("sending the request body failed: {e}"),
                )),
                None => to_response(response, &self.url),
            },
            // The host may have failed the request already (denied it,
            // say): that is the error to report, not the body it no longer
            // reads.
            Some(Err(code)) => Err(error(&self.url, &code)),
            None => unreachable!("an answer is taken once it is here"),
        }
    }
}

/// Starts every call (one poll each), then writes the request bodies: the
/// host reads a body only once its call has started. Awaited inside the
/// one `block_on` that waits for the answers too, so every call waits in
/// the same waitable set.
async fn started(pending: Vec<Pending>) -> Vec<Started> {
    let mut bodies = Vec::with_capacity(pending.len());
    let mut calls: Vec<Started> = pending
        .into_iter()
        .map(|p| {
            bodies.push(p.body);
            Started {
                call: p.call,
                answer: None,
                body_failed: None,
                url: p.url,
            }
        })
        .collect();
    std::future::poll_fn(|cx| {
        for call in &mut calls {
            let _ = call.poll_answer(cx);
        }
        Poll::Ready(())
    })
    .await;
    for (call, body) in calls.iter_mut().zip(bodies) {
        if let Some((body, contents, end)) = body {
            call.body_failed = send_body(body, contents, end).err();
        }
    }
    calls
}

/// Writes `body` to the request's stream, then says how it ended.
fn send_body(body: Body, contents: StreamWriter<u8>, end: BodyEnd) -> std::io::Result<()> {
    let mut writer = BodyWriter::new(contents);
    let sent = body.write_to(&mut writer).and_then(|_| writer.flush());
    drop(writer);
    let ending = match &sent {
        Ok(()) => Ok(None),
        Err(e) => Err(ErrorCode::InternalError(Some(e.to_string()))),
    };
    let _ = wit_bindgen::block_on(end.write(ending));
    sent
}

fn to_response(response: WasiResponse, url: &str) -> Result<Response, FetchError> {
    let mut head = response_head(
        response.get_status_code(),
        response.get_headers().copy_all(),
        url,
    )?;
    let (_handled, handled_rx) = wit_future::new::<Result<(), ErrorCode>>(|| Ok(()));
    let (stream, end) = WasiResponse::consume_body(response, handled_rx);
    *head.body_mut() = Body::from_reader(BodyReader::new(stream, end));
    Ok(head)
}
