//! [`HostServices`]: what the host grants an app besides WASI and HTTP:
//! key-value stores, configuration and outbound rules.

use std::sync::Arc;

use wasmtime_wasi_config::WasiConfigVariables;

use crate::kv_backend::{KvBackend, MemoryKv};
use crate::kv_host::KvAccess;
use crate::outbound::OutboundRules;

/// The capabilities one app is given, shared by all its requests.
#[derive(Clone)]
pub(crate) struct HostServices {
    pub(crate) kv: KvAccess,
    pub(crate) config: Arc<WasiConfigVariables>,
    pub(crate) outbound: Arc<OutboundRules>,
    /// Link only what `wasmtime serve -S cli` gives a guest (WASI CLI and
    /// `wasi:http`), to prove an app runs on any standard host.
    pub(crate) standard_only: bool,
    /// Use wasmtime's own in-memory `wasi:keyvalue` (what `wasmtime serve
    /// -S keyvalue` links) instead of edge's stores.
    pub(crate) reference_kv: Option<Arc<wasmtime_wasi_keyvalue::WasiKeyValueCtx>>,
}

impl HostServices {
    /// In-memory stores, no configuration, no outbound access.
    pub(crate) fn isolated() -> Self {
        Self {
            kv: KvAccess::new(Arc::new(MemoryKv::default()), Vec::new()),
            config: Arc::new(WasiConfigVariables::new()),
            outbound: Arc::new(OutboundRules::default()),
            standard_only: false,
            reference_kv: None,
        }
    }

    /// Configuration variables from `(key, value)` pairs; a later pair wins.
    pub(crate) fn config_from<'a>(
        pairs: impl IntoIterator<Item = &'a (String, String)>,
    ) -> Arc<WasiConfigVariables> {
        let mut config = WasiConfigVariables::new();
        for (key, value) in pairs {
            config.insert(key, value);
        }
        Arc::new(config)
    }

    pub(crate) fn with_kv(mut self, backend: Arc<dyn KvBackend>, stores: Vec<String>) -> Self {
        self.kv = KvAccess::new(backend, stores);
        self
    }
}
