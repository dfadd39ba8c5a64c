//! [`RequestState`]: what one request's `Store` holds.

use wasmtime::StoreLimitsBuilder;
use wasmtime::component::ResourceTable;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};
use wasmtime_wasi_config::WasiConfig;
use wasmtime_wasi_http::{WasiHttpCtx, WasiHttpCtxView, WasiHttpView};

use super::deadline::RequestDeadline;
use super::fields_budget::FieldsBudget;
use super::host_services::HostServices;
use super::log_capture::LogCapture;
use super::memory_budget::MemoryBudget;
use crate::Limits;
use crate::kv::{KvQuota, KvView};
use crate::outbound::OutboundPolicy;

/// The host side of one request: WASI contexts, the resource table, the
/// memory limit and the app's services. Made fresh for every request.
pub(crate) struct RequestState {
    wasi: WasiCtx,
    http: WasiHttpCtx,
    table: ResourceTable,
    outbound: OutboundPolicy,
    services: HostServices,
    deadline: RequestDeadline,
    kv_quota: KvQuota,
    pub(crate) fields_budget: FieldsBudget,
    max_host_call_bytes: usize,
    pub(crate) limits: MemoryBudget,
}

impl RequestState {
    pub(crate) fn new(
        services: &HostServices,
        stdout: &LogCapture,
        stderr: &LogCapture,
        limits: &Limits,
        deadline: RequestDeadline,
    ) -> Self {
        let mut wasi = WasiCtx::builder();
        wasi.stdout(stdout.clone())
            .stderr(stderr.clone())
            // Random bytes are an answer like any other: held to what one
            // host call may return.
            .max_random_size(limits.max_host_call_bytes as u64);
        if let Some(clock) = &services.clock {
            wasi.wall_clock(clock.wall())
                .monotonic_clock(clock.monotonic());
        }
        let wasi = wasi.build();
        let mut table = ResourceTable::new();
        table.set_max_capacity(limits.max_resources);
        Self {
            wasi,
            http: WasiHttpCtx::new(),
            table,
            outbound: OutboundPolicy {
                rules: services.outbound.clone(),
                stderr: stderr.clone(),
            },
            services: services.clone(),
            deadline,
            kv_quota: KvQuota::from_limits(limits),
            fields_budget: FieldsBudget::new(limits.max_fields_bytes),
            max_host_call_bytes: limits.max_host_call_bytes,
            limits: MemoryBudget::new(
                limits.max_memory_bytes,
                StoreLimitsBuilder::new().trap_on_grow_failure(true).build(),
            ),
        }
    }

    pub(crate) fn kv(&mut self) -> KvView<'_> {
        KvView {
            access: &self.services.kv,
            table: &mut self.table,
            deadline: &self.deadline,
            quota: self.kv_quota,
            max_call_bytes: self.max_host_call_bytes,
        }
    }

    pub(crate) fn reference_kv(&mut self) -> wasmtime_wasi_keyvalue::WasiKeyValue<'_> {
        let ctx = self
            .services
            .reference_kv
            .as_deref()
            .unwrap_or_else(|| unreachable!("linked only when the reference store is chosen"));
        wasmtime_wasi_keyvalue::WasiKeyValue::new(ctx, &mut self.table)
    }

    pub(crate) fn table(&self) -> &ResourceTable {
        &self.table
    }

    pub(crate) fn config(&mut self) -> WasiConfig<'_> {
        WasiConfig::new(&self.services.config)
    }
}

impl WasiView for RequestState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl WasiHttpView for RequestState {
    fn http(&mut self) -> WasiHttpCtxView<'_> {
        WasiHttpCtxView {
            hooks: &mut self.outbound,
            table: &mut self.table,
            ctx: &mut self.http,
        }
    }
}
