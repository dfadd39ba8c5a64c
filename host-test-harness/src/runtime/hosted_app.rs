//! [`HostedApp`]: a compiled edge component, ready to answer requests.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context as _;
use bytes::Bytes;
use http_body_util::BodyExt;
use tokio::sync::oneshot;
use wasmtime::component::{Component, Linker};
use wasmtime_wasi_http::p2::bindings::ProxyPre;
use wasmtime_wasi_http::p3::bindings::ServicePre;

use super::answer::Answer;
use super::compile::compile_for;
use super::deadline::RequestDeadline;
use super::engine::PoolShape;
use super::failure::Failure;
use super::failure_response::failure_response;
use super::guest_body::GuestBody;
use super::guest_end::GuestEnd;
use super::guest_head::{HeadResult, HeadSender};
use super::host_services::HostServices;
use super::http_exports::{HttpExports, WasiHttpVersion, refuse_prerelease_p3};
use super::log_capture::LogCapture;
use super::request_body_limit::{self, LimitedBody};
use super::request_state::RequestState;
use super::request_store;
use super::request_timing::TimingRecorder;
use super::reuse::{self, InstancePool};
use super::{p2_request, p3_request};
use crate::Limits;
use crate::compose::ComponentBytes;
use crate::kv::wasi_keyvalue;
use crate::wasi_versions::{CONFIG, KEYVALUE};

/// A component compiled once and pre-instantiated: every request gets a
/// fresh `Store` and instance from it, so no state leaks between requests.
#[derive(Clone)]
pub struct HostedApp {
    exports: HttpExports,
    /// The reused instances of a 0.3 app that opted in.
    reused: Option<Arc<InstancePool>>,
    pool: PoolShape,
    limits: Limits,
    services: HostServices,
}

impl HostedApp {
    /// Compiles `component` (once per process for the same bytes) and links
    /// it to the standard WASI and `wasi:http` host interfaces, 0.2's or
    /// 0.3's as the component's handler export asks.
    ///
    /// # Errors
    ///
    /// When the bytes are not a component, or it needs what this host does
    /// not provide; the error names the component.
    pub fn load(
        component: &ComponentBytes,
        limits: Limits,
        services: HostServices,
    ) -> anyhow::Result<Self> {
        refuse_ignored_config(component, &services)?;
        let slots = limits.instance_slots();
        let (compiled, pool) = compile_for(slots, component.bytes(), component.name())
            .with_context(|| format!("cannot load {}", component.name()))?;
        let engine = compiled.engine().clone();
        Self::from_component(&engine, &compiled, pool, limits, services)
    }

    fn from_component(
        engine: &wasmtime::Engine,
        component: &Component,
        pool: PoolShape,
        limits: Limits,
        services: HostServices,
    ) -> anyhow::Result<Self> {
        refuse_prerelease_p3(component, engine)?;
        let mut linker = Linker::<RequestState>::new(engine);
        wasmtime_wasi::p2::add_to_linker_async(&mut linker)?;
        wasmtime_wasi_http::p2::add_only_http_to_linker_async(&mut linker)?;
        super::fields_link::link(&mut linker)?;
        // WASI 0.3's: what `wasmtime serve` 48 links for a 0.3 component
        // (no sockets, no files).
        wasmtime_wasi::p3::cli::add_to_linker(&mut linker)?;
        wasmtime_wasi::p3::clocks::add_to_linker(&mut linker)?;
        wasmtime_wasi::p3::random::add_to_linker(&mut linker)?;
        wasmtime_wasi_http::p3::add_to_linker(&mut linker)?;
        super::fields_link_p3::link(&mut linker)?;
        let provided = if services.standard_only {
            "the WASI CLI and wasi:http interfaces (0.2 and 0.3) only (what `wasmtime serve \
             -S cli` gives)"
                .to_owned()
        } else {
            if services.reference_kv.is_some() {
                wasmtime_wasi_keyvalue::add_to_linker(&mut linker, RequestState::reference_kv)?;
            } else {
                wasi_keyvalue::add_to_linker(&mut linker, RequestState::kv)?;
            }
            wasmtime_wasi_config::add_to_linker(&mut linker, RequestState::config)?;
            format!(
                "the WASI CLI and wasi:http interfaces (0.2 and 0.3), wasi:keyvalue@{KEYVALUE} \
                 and wasi:config@{CONFIG}"
            )
        };
        let instance_pre = linker.instantiate_pre(component).map_err(|e| {
            anyhow::anyhow!(
                "the component needs an import this host does not provide: {e:#}\n\
                 this host provides {provided}"
            )
        })?;
        let exports = HttpExports::find(instance_pre)?;
        let reused = reused_instances(&exports, &limits, &services)?;
        Ok(Self {
            exports,
            reused,
            pool,
            limits,
            services,
        })
    }

    /// The `wasi:http` version the component speaks.
    pub fn wasi_http(&self) -> WasiHttpVersion {
        self.exports.version()
    }

    /// The pool this app's instances come from: how many requests may run
    /// at once, and what each instance holds (sized from the component, so
    /// plugins composed in front do not lower it).
    pub fn pool(&self) -> PoolShape {
        self.pool
    }

    /// Runs one request through a fresh instance.
    ///
    /// Returns once the response head is known (or the request failed):
    /// the body keeps streaming while the guest runs on in its own task,
    /// and ends (or fails) when the guest does. A request body whose error
    /// is hyper's keeps it (a client that went away); any other becomes an
    /// internal error for the guest.
    pub async fn handle<B>(&self, request: http::Request<B>) -> Answer
    where
        B: http_body::Body<Data = Bytes> + Send + 'static,
        B::Error: std::error::Error + Send + Sync + 'static,
    {
        let stdout = LogCapture::new(self.limits.max_log_bytes);
        let stderr = LogCapture::new(self.limits.max_log_bytes);
        let timing = TimingRecorder::default();
        let body_limit = self.limits.max_request_body_bytes;
        let failed = |failure: Arc<Failure>, end, stdout, stderr, timing| Answer {
            response: failure_response(&failure),
            failure: Some(failure),
            end,
            stdout,
            stderr,
            timing,
        };
        if request_body_limit::declared_too_large(request.headers(), body_limit) {
            return failed(
                Arc::new(Failure::RequestBodyTooLarge(body_limit)),
                GuestEnd::ended(),
                stdout,
                stderr,
                timing,
            );
        }
        let mut request = request;
        super::connection_fields::strip_connection_named(request.headers_mut());
        let body_exceeded = Arc::new(AtomicBool::new(false));
        let request = request.map(|body| {
            LimitedBody::new(
                body.map_err(request_body_error),
                body_limit,
                body_exceeded.clone(),
            )
        });
        if let Some(pool) = &self.reused {
            let request = request.map(BodyExt::boxed_unsync);
            return reuse::handle(pool, &self.limits, request, stdout, stderr, timing).await;
        }
        let head_sent = Arc::new(AtomicBool::new(false));
        let deadline = RequestDeadline::start(&self.limits, head_sent.clone());
        let state = RequestState::new(
            &self.services,
            &stdout,
            &stderr,
            &self.limits,
            deadline.clone(),
        );
        let mut wasm_store =
            request_store::new(self.exports.engine(), state, &self.limits, deadline.clone());

        let (head_tx, head_rx) = oneshot::channel::<HeadResult>();
        let body_timeout = self.limits.body_timeout;
        let recorder = timing.clone();
        let request_deadline = deadline.clone();
        let (end_tx, end) = GuestEnd::pending();
        // A 0.2 request is put into the store here, a 0.3 one by its task.
        let start = match &self.exports {
            HttpExports::P2(pre) => Start::P2(
                pre.clone(),
                p2_request::prepare(&mut wasm_store, request, head_tx, head_sent),
            ),
            HttpExports::P3(pre) => Start::P3(Box::new((pre.clone(), request, head_tx, head_sent))),
        };
        let store_alive = Arc::new(AtomicBool::new(true));
        let alive = store_alive.clone();
        let guest = tokio::spawn(async move {
            let run = async {
                match start {
                    Start::P2(pre, prepared) => {
                        p2_request::run(pre, &mut wasm_store, prepared, recorder, request_deadline)
                            .await
                    }
                    Start::P3(start) => {
                        let (pre, request, head_tx, head_sent) = *start;
                        let store = &mut wasm_store;
                        let (deadline, timing) = (request_deadline, recorder);
                        p3_request::run(pre, store, request, head_tx, head_sent, timing, deadline)
                            .await
                    }
                }
            };
            let ending = match tokio::time::timeout(body_timeout, run).await {
                Ok(result) => result,
                Err(_) => Err(Failure::Timeout(body_timeout)),
            };
            // The store (and so the instance) is gone before the end is told.
            alive.store(false, Ordering::Release);
            drop(wasm_store);
            let _ = end_tx.send(Some(ending.map_err(Arc::new)));
        });

        let deadline = tokio::time::Instant::now() + self.limits.timeout;
        // A failed head with whether the guest still runs (its end to come).
        let head = match tokio::time::timeout_at(deadline, head_rx).await {
            Ok(Ok(Ok(head))) if !(200..=599).contains(&head.status().as_u16()) => {
                guest.abort();
                Err((Failure::BadStatus(head.status().as_u16()).into(), false))
            }
            Ok(Ok(Ok(head))) => Ok(head),
            Ok(Ok(Err(code))) => Err((Failure::GuestError(code).into(), true)),
            // The guest dropped the response slot: it failed or returned
            // without a response; its end says which.
            Ok(Err(_)) => {
                let failure =
                    outcome_without_head(&end, &guest, deadline, self.limits.timeout).await;
                Err((failure, false))
            }
            Err(_) => {
                guest.abort();
                Err((Failure::Timeout(self.limits.timeout).into(), false))
            }
        };
        let head = if body_exceeded.load(Ordering::Acquire) {
            // Whatever the guest made of the cut body, the client is told why.
            guest.abort();
            Err((Failure::RequestBodyTooLarge(body_limit).into(), false))
        } else {
            head
        };
        match head {
            Ok(head) => Answer {
                response: head.map(|body| match self.exports.version() {
                    WasiHttpVersion::P2 => GuestBody::guest(body, &end),
                    WasiHttpVersion::P3 => GuestBody::guest_p3(body, &end, store_alive),
                }),
                failure: None,
                end,
                stdout,
                stderr,
                timing,
            },
            Err((failure, running)) => {
                let end = if running { end } else { GuestEnd::ended() };
                failed(failure, end, stdout, stderr, timing)
            }
        }
    }
}

/// What a request's task starts from: a 0.2 request already in the store,
/// or a 0.3 request with where its head goes.
enum Start<B> {
    P2(ProxyPre<RequestState>, p2_request::Prepared),
    P3(Box<P3Start<B>>),
}

type P3Start<B> = (
    ServicePre<RequestState>,
    http::Request<B>,
    HeadSender,
    Arc<AtomicBool>,
);

/// The pool of reused instances, when the app opted in (0.3 only).
fn reused_instances(
    exports: &HttpExports,
    limits: &Limits,
    services: &HostServices,
) -> anyhow::Result<Option<Arc<InstancePool>>> {
    if limits.instance_reuse <= 1 && limits.instance_concurrency <= 1 {
        return Ok(None);
    }
    match exports {
        HttpExports::P3(pre) => Ok(Some(Arc::new(InstancePool::new(
            pre.clone(),
            limits.clone(),
            services.clone(),
        )))),
        HttpExports::P2(_) => anyhow::bail!(
            "instance-reuse and instance-concurrency are for WASI 0.3 components, and this one \
             speaks wasi:http 0.2 (a 0.2 handler serves one request per instance): build the app \
             for 0.3 (edge build --wasi 0.3) or leave them at 1"
        ),
    }
}

/// Why a guest that dropped its response slot gave no response: how it
/// ended, or a timeout if it does not end in time.
async fn outcome_without_head(
    end: &GuestEnd,
    guest: &tokio::task::JoinHandle<()>,
    deadline: tokio::time::Instant,
    timeout: std::time::Duration,
) -> Arc<Failure> {
    match tokio::time::timeout_at(deadline, end.wait()).await {
        Ok(Ok(())) => Arc::new(Failure::NoResponse),
        Ok(Err(failure)) => failure,
        Err(_) => {
            guest.abort();
            Arc::new(Failure::Timeout(timeout))
        }
    }
}

/// A request body's error as `wasi:http` reports it to the guest: hyper's
/// own (the client went away, say) kept as such, any other as an internal
/// error.
fn request_body_error<E: std::error::Error + Send + Sync + 'static>(
    error: E,
) -> wasmtime_wasi_http::Error {
    let error: Box<dyn std::error::Error + Send + Sync> = Box::new(error);
    match error.downcast::<hyper::Error>() {
        Ok(hyper) => wasmtime_wasi_http::Error::Hyper(*hyper),
        Err(other) => wasmtime_wasi_http::Error::InternalError(Some(other.to_string())),
    }
}

/// Refuses configuration given to a component whose own was written inside
/// (`edge compose --config`): it reads none from the host, so a value
/// given here (a rotated secret) would be silently ignored.
fn refuse_ignored_config(
    component: &ComponentBytes,
    services: &HostServices,
) -> anyhow::Result<()> {
    let Some(inside) = crate::compose::config_inside(component.bytes()) else {
        return Ok(());
    };
    if services.config_keys.is_empty() {
        return Ok(());
    }
    anyhow::bail!(
        "{} has its configuration written inside ({}, by `edge compose --config`) and reads \
         none from the host, so the configuration given here ({}) would be ignored: compose it \
         again with the values you mean, or compose it without --config and give them here",
        component.name(),
        inside.join(", "),
        services.config_keys.join(", ")
    )
}
