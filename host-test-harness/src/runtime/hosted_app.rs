//! [`HostedApp`]: a compiled edge component, ready to answer requests.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context as _;
use bytes::Bytes;
use http_body_util::BodyExt;
use tokio::sync::oneshot;
use wasmtime::component::{Component, Linker};

use wasmtime::{Store, UpdateDeadline};
use wasmtime_wasi_http::WasiHttpView;
use wasmtime_wasi_http::p2::bindings::ProxyPre;
use wasmtime_wasi_http::p2::bindings::http::types::{ErrorCode, Scheme};
use wasmtime_wasi_http::p2::body::HyperOutgoingBody;

use super::compile::compile_for;
use super::deadline::RequestDeadline;
use super::failure::Failure;
use super::host_services::HostServices;
use super::log_capture::LogCapture;
use super::request_body_limit::{self, LimitedBody};
use super::request_state::RequestState;
use super::request_timing::TimingRecorder;
use crate::Limits;
use crate::kv::wasi_keyvalue;
use crate::wasi_versions::{CONFIG, KEYVALUE};

/// A component compiled once and pre-instantiated: every request gets a
/// fresh `Store` and instance from it, so no state leaks between requests.
#[derive(Clone)]
pub struct HostedApp {
    pre: ProxyPre<RequestState>,
    limits: Limits,
    services: HostServices,
}

/// What a guest answered: the response head with its streaming body, or the
/// failure that prevented one; and, once the guest is done, how it ended.
#[non_exhaustive]
pub struct Answer {
    /// The response head and its streaming body, or why there is none.
    pub response: Result<http::Response<HyperOutgoingBody>, Failure>,
    /// With a response: resolves when the guest instance has finished (or
    /// failed) and is gone. Without one, the guest is already gone.
    pub finished: Option<tokio::task::JoinHandle<Result<(), Failure>>>,
    /// What the guest wrote to stdout.
    pub stdout: LogCapture,
    /// What the guest wrote to stderr.
    pub stderr: LogCapture,
    /// Filled in as the guest runs; complete once `finished` resolves.
    pub timing: TimingRecorder,
}

type HeadResult = Result<http::Response<HyperOutgoingBody>, ErrorCode>;

impl HostedApp {
    /// Compiles the component at `path` and links it to the standard WASI
    /// and `wasi:http` host interfaces.
    pub fn load(path: &Path, limits: Limits, services: HostServices) -> anyhow::Result<Self> {
        let bytes = std::fs::read(path)
            .with_context(|| format!("cannot read the component {}", path.display()))?;
        let slots = limits.instance_slots();
        let component = compile_for(slots, &bytes)
            .with_context(|| format!("cannot load {}", path.display()))?;
        let engine = super::engine::with_slots(slots);
        Self::from_component(&engine, &component, limits, services)
    }

    fn from_component(
        engine: &wasmtime::Engine,
        component: &Component,
        limits: Limits,
        services: HostServices,
    ) -> anyhow::Result<Self> {
        let mut linker = Linker::<RequestState>::new(engine);
        wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
        wasmtime_wasi_http::p2::add_only_http_to_linker_async(&mut linker)?;
        super::fields_budget::link(&mut linker)?;
        let provided = if services.standard_only {
            "the WASI CLI and wasi:http 0.2 interfaces only (what `wasmtime serve -S cli` gives)"
                .to_owned()
        } else {
            if services.reference_kv.is_some() {
                wasmtime_wasi_keyvalue::add_to_linker(&mut linker, RequestState::reference_kv)?;
            } else {
                wasi_keyvalue::add_to_linker(&mut linker, RequestState::kv)?;
            }
            wasmtime_wasi_config::add_to_linker(&mut linker, RequestState::config)?;
            format!(
                "the WASI CLI and wasi:http 0.2 interfaces, wasi:keyvalue@{KEYVALUE} and \
                 wasi:config@{CONFIG}"
            )
        };
        let instance_pre = linker.instantiate_pre(component).map_err(|e| {
            anyhow::anyhow!(
                "the component needs an import this host does not provide: {e:#}\n\
                 this host provides {provided}"
            )
        })?;
        let pre = ProxyPre::new(instance_pre).map_err(|e| {
            anyhow::anyhow!(
                "the component does not export `wasi:http/incoming-handler`, so it cannot \
                 serve HTTP ({e:#}); mark the app's handler with #[edge::main]"
            )
        })?;
        Ok(Self {
            pre,
            limits,
            services,
        })
    }

    /// Runs one request through a fresh instance.
    ///
    /// Returns once the response head is known (or the request failed); the
    /// body keeps streaming while the guest runs on in its own task.
    pub async fn handle<B>(&self, request: http::Request<B>) -> Answer
    where
        B: http_body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<wasmtime_wasi_http::Error>,
    {
        let stdout = LogCapture::new(self.limits.max_log_bytes);
        let stderr = LogCapture::new(self.limits.max_log_bytes);
        let body_limit = self.limits.max_request_body_bytes;
        if request_body_limit::declared_too_large(request.headers(), body_limit) {
            return Answer {
                response: Err(Failure::RequestBodyTooLarge(body_limit)),
                finished: None,
                stdout,
                stderr,
                timing: TimingRecorder::default(),
            };
        }
        let body_exceeded = Arc::new(AtomicBool::new(false));
        let request = request.map(|body| LimitedBody::new(body, body_limit, body_exceeded.clone()));
        let head_sent = Arc::new(AtomicBool::new(false));
        let deadline = RequestDeadline::start(&self.limits, head_sent.clone());
        let state = RequestState::new(
            &self.services,
            &stdout,
            &stderr,
            &self.limits,
            deadline.clone(),
        );
        let mut wasm_store = Store::new(self.pre.engine(), state);
        wasm_store.limiter(|state| &mut state.limits);
        // What one host call may take from the guest (a list, a string):
        // wasmtime counts it as it lifts the arguments, before any copy.
        wasm_store.set_hostcall_fuel(self.limits.max_host_call_bytes);
        arm_deadline(&mut wasm_store, deadline.clone());

        let (head_tx, head_rx) = oneshot::channel::<HeadResult>();
        let prepared = prepare(&mut wasm_store, request, head_tx, head_sent);
        let pre = self.pre.clone();
        let body_timeout = self.limits.body_timeout;
        let timing = TimingRecorder::default();
        let recorder = timing.clone();
        let finished = tokio::spawn(async move {
            let (request, outparam) = prepared.map_err(Failure::Host)?;
            let run = async {
                let proxy = recorder
                    .time(
                        |t| &mut t.instantiate,
                        pre.instantiate_async(&mut wasm_store),
                    )
                    .await
                    .map_err(Failure::from_instantiate)?;
                let handler = proxy.wasi_http_incoming_handler();
                recorder
                    .time(
                        |t| &mut t.run,
                        handler.call_handle(&mut wasm_store, request, outparam),
                    )
                    .await
                    .map_err(|e| Failure::from_trap(e, deadline.limit()))
            };
            match tokio::time::timeout(body_timeout, run).await {
                Ok(result) => result,
                Err(_) => Err(Failure::Timeout(body_timeout)),
            }
        });

        let deadline = tokio::time::Instant::now() + self.limits.timeout;
        let (mut response, mut finished) = match tokio::time::timeout_at(deadline, head_rx).await {
            Ok(Ok(Ok(head))) if !(200..=599).contains(&head.status().as_u16()) => {
                finished.abort();
                (Err(Failure::BadStatus(head.status().as_u16())), None)
            }
            Ok(Ok(Ok(head))) => (Ok(head), Some(finished)),
            Ok(Ok(Err(code))) => (
                Err(Failure::GuestError(format!("{code:?}"))),
                Some(finished),
            ),
            // The guest dropped the response slot: it failed or returned
            // without a response; its task says which.
            Ok(Err(_)) => (
                Err(outcome_without_head(finished, deadline, self.limits.timeout).await),
                None,
            ),
            Err(_) => {
                finished.abort();
                (Err(Failure::Timeout(self.limits.timeout)), None)
            }
        };
        if body_exceeded.load(Ordering::Acquire) {
            // Whatever the guest made of the cut body, the client is told why.
            if let Some(guest) = finished.take() {
                guest.abort();
            }
            response = Err(Failure::RequestBodyTooLarge(body_limit));
        }
        Answer {
            response,
            finished,
            stdout,
            stderr,
            timing,
        }
    }
}

/// Traps a guest that is still computing when its time is up.
fn arm_deadline(wasm_store: &mut Store<RequestState>, deadline: RequestDeadline) {
    wasm_store.set_epoch_deadline(1);
    wasm_store.epoch_deadline_callback(move |_| {
        if deadline.passed() {
            Ok(UpdateDeadline::Interrupt)
        } else {
            Ok(UpdateDeadline::Yield(1))
        }
    });
}

type Prepared = anyhow::Result<(
    wasmtime::component::Resource<wasmtime_wasi_http::p2::types::HostIncomingRequest>,
    wasmtime::component::Resource<wasmtime_wasi_http::p2::types::HostResponseOutparam>,
)>;

fn prepare<B>(
    wasm_store: &mut Store<RequestState>,
    request: http::Request<B>,
    head_tx: oneshot::Sender<HeadResult>,
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
        let _ = head_tx.send(head);
    })?;
    Ok((incoming, outparam))
}

async fn outcome_without_head(
    mut finished: tokio::task::JoinHandle<Result<(), Failure>>,
    deadline: tokio::time::Instant,
    timeout: std::time::Duration,
) -> Failure {
    match tokio::time::timeout_at(deadline, &mut finished).await {
        Ok(ended) => Failure::of_task(ended).unwrap_or(Failure::NoResponse),
        Err(_) => {
            finished.abort();
            Failure::Timeout(timeout)
        }
    }
}
