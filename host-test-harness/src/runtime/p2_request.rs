//! One request through a WASI 0.2 component: `wasi:http/incoming-handler`
//! with a response-outparam that hands the head over as soon as it is set.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bytes::Bytes;
use http_body_util::BodyExt;
use wasmtime::Store;
use wasmtime::component::Resource;
use wasmtime_wasi_http::WasiHttpView;
use wasmtime_wasi_http::p2::bindings::ProxyPre;
use wasmtime_wasi_http::p2::bindings::http::types::Scheme;
use wasmtime_wasi_http::p2::types::{HostIncomingRequest, HostResponseOutparam};

use super::deadline::RequestDeadline;
use super::failure::Failure;
use super::guest_head::HeadSender;
use super::request_state::RequestState;
use super::request_timing::TimingRecorder;

pub(super) type Prepared = anyhow::Result<(
    Resource<HostIncomingRequest>,
    Resource<HostResponseOutparam>,
)>;

/// Puts the request and its response slot into the store; the head goes to
/// `head_tx` once the guest sets it.
pub(super) fn prepare<B>(
    wasm_store: &mut Store<RequestState>,
    request: http::Request<B>,
    head_tx: HeadSender,
    head_sent: Arc<AtomicBool>,
) -> Prepared
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<wasmtime_wasi_http::Error>,
{
    let request = request.map(|body| body.map_err(Into::into).boxed_unsync());
    let mut http = wasm_store.data_mut().http();
    let incoming = http.new_incoming_request(Scheme::Http, request)?;
    let outparam = http.new_response_outparam_from_callback(move |head| {
        head_sent.store(true, Ordering::Release);
        // The receiver is gone only if the request already timed out.
        let _ = head_tx.send(head.map_err(|code| format!("{code:?}")));
    })?;
    Ok((incoming, outparam))
}

/// Instantiates the component and runs its handler to the end: the head is
/// sent on the way, the body written until the handler returns.
pub(super) async fn run(
    pre: ProxyPre<RequestState>,
    wasm_store: &mut Store<RequestState>,
    prepared: Prepared,
    recorder: TimingRecorder,
    deadline: RequestDeadline,
) -> Result<(), Failure> {
    let (request, outparam) = prepared.map_err(Failure::Host)?;
    let proxy = recorder
        .time(
            |t| &mut t.instantiate,
            pre.instantiate_async(&mut *wasm_store),
        )
        .await
        .map_err(Failure::from_instantiate)?;
    let handler = proxy.wasi_http_incoming_handler();
    recorder
        .time(
            |t| &mut t.run,
            handler.call_handle(&mut *wasm_store, request, outparam),
        )
        .await
        .map_err(|e| Failure::from_trap(e, deadline.limit()))
}
