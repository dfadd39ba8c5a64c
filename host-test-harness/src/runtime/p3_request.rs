//! One request through a WASI 0.3 component: `wasi:http/handler#handle`,
//! run in the store's event loop.
//!
//! A 0.3 guest returns its response before the body is written: a task it
//! leaves running writes the body, and that only moves while the store's
//! event loop is polled. So the loop runs on after the head is sent, until
//! no task of the guest is left; the caller's deadline ends it (and with
//! it the instance and every task) if that never comes.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bytes::Bytes;
use http_body_util::BodyExt;
use wasmtime::Store;
use wasmtime_wasi_http::WasiHttpView;
use wasmtime_wasi_http::p3::bindings::ServicePre;

use super::deadline::RequestDeadline;
use super::failure::Failure;
use super::guest_head::{HeadResult, HeadSender};
use super::request_state::RequestState;
use super::request_timing::TimingRecorder;

/// Instantiates the component, hands it `request`, sends the head it
/// returns to `head_tx`, then drives the guest until all of its tasks end.
pub(super) async fn run<B>(
    pre: ServicePre<RequestState>,
    wasm_store: &mut Store<RequestState>,
    request: http::Request<B>,
    head_tx: HeadSender,
    head_sent: Arc<AtomicBool>,
    recorder: TimingRecorder,
    deadline: RequestDeadline,
) -> Result<(), Failure>
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<wasmtime_wasi_http::Error>,
{
    let service = recorder
        .time(
            |t| &mut t.instantiate,
            pre.instantiate_async(&mut *wasm_store),
        )
        .await
        .map_err(Failure::from_instantiate)?;
    let request = request.map(|body| body.map_err(Into::into).boxed_unsync());
    let (request, request_io) =
        wasmtime_wasi_http::p3::Request::from_http(wasm_store.data_mut().http().hooks, request);
    let ran = recorder
        .time(
            |t| &mut t.run,
            wasm_store.run_concurrent(async |accessor| {
                let head: HeadResult = match service.handle(accessor, request).await? {
                    Ok(response) => accessor
                        .with(|mut store| response.into_http(&mut store, request_io))
                        .map_err(|e| format!("{e:#}")),
                    Err(code) => Err(format!("{code:?}")),
                };
                head_sent.store(true, Ordering::Release);
                // The receiver is gone only if the request already timed out.
                let _ = head_tx.send(head);
                std::future::poll_fn(|cx| accessor.poll_no_interesting_tasks(cx)).await;
                wasmtime::Result::Ok(())
            }),
        )
        .await;
    match ran {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) | Err(e) => Err(Failure::from_trap(e, deadline.limit())),
    }
}
