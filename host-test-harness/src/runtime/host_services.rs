//! [`HostServices`]: what the host grants an app besides WASI and HTTP:
//! key-value stores, configuration and outbound rules.

use std::sync::Arc;

use wasmtime_wasi_config::WasiConfigVariables;

use crate::AppSettings;
use crate::kv::{KvAccess, KvStorage};
use crate::outbound::{MockFn, OutboundRules};

/// The capabilities one app is given, shared by all its requests.
#[derive(Clone)]
pub struct HostServices {
    pub(crate) kv: KvAccess,
    pub(crate) config: Arc<WasiConfigVariables>,
    /// The keys of `config`, to name them in messages.
    pub(crate) config_keys: Arc<[String]>,
    pub(crate) outbound: Arc<OutboundRules>,
    /// Link only what `wasmtime serve -S cli` gives a guest (WASI CLI and
    /// `wasi:http`), to prove an app runs on any standard host.
    pub(crate) standard_only: bool,
    /// Use wasmtime's own in-memory `wasi:keyvalue` (what `wasmtime serve
    /// -S keyvalue` links) instead of edge's stores.
    pub(crate) reference_kv: Option<Arc<wasmtime_wasi_keyvalue::WasiKeyValueCtx>>,
    /// The time guests see through `wasi:clocks` (TestApp's); `None`: the
    /// host's own clocks.
    pub(crate) clock: Option<crate::TestClock>,
}

impl HostServices {
    /// What `settings` grant: their configuration, their stores kept in
    /// `storage`, and outgoing requests to their allowed hosts only. A
    /// denied request tells the guest `denial_hint`, in which `{host}`
    /// stands for the host it tried.
    pub fn new(settings: &AppSettings, storage: Arc<dyn KvStorage>, denial_hint: &str) -> Self {
        let mut config = WasiConfigVariables::new();
        for (key, value) in &settings.config {
            config.insert(key, value);
        }
        Self {
            kv: KvAccess::new(storage, settings.kv_stores.clone()),
            config: Arc::new(config),
            config_keys: settings.config.iter().map(|(key, _)| key.clone()).collect(),
            outbound: Arc::new(OutboundRules {
                allowed: settings.allow_outbound.clone(),
                hint: denial_hint.to_owned(),
                ..OutboundRules::default()
            }),
            standard_only: false,
            reference_kv: None,
            clock: None,
        }
    }

    /// Answers outgoing requests to each mock's destination with the mock.
    pub(crate) fn outbound_mocks(&mut self, mocks: Vec<(String, Arc<MockFn>)>) {
        self.outbound = Arc::new(OutboundRules {
            allowed: self.outbound.allowed.clone(),
            mocks,
            hint: self.outbound.hint.clone(),
            ..OutboundRules::default()
        });
    }
}
