//! [`TestAppBuilder`]: a TestApp with configuration, stores and outbound rules.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use super::test_app::DEFAULT_MAX_RESPONSE_BODY;
use crate::build::{AppBuild, Progress};
use crate::compose::with_plugins;
use crate::kv::MemoryKv;
use crate::outbound::MockFn;
use crate::runtime::HostServices;
use crate::runtime::WasiHttpVersion;
use crate::settings::manifest_settings;
use crate::{AppSettings, LimitSettings, MockRequest, MockResponse, TestApp, TestClock};

/// Builds a [`TestApp`] with the capabilities a test grants it.
///
/// ```no_run
/// use edge_harness::{MockResponse, TestApp};
///
/// let app = TestApp::builder()
///     .config("origin", "https://api.example.com")
///     .mock("api.example.com", |req| {
///         assert_eq!(req.path(), "/users/1");
///         MockResponse::json(&serde_json::json!({ "name": "Ada" }))
///     })
///     .package(env!("CARGO_MANIFEST_DIR"))?;
/// app.kv("default").set("visits", "41");
/// let res = app.get("/").send()?;
/// # let _ = res;
/// # Ok::<(), edge_harness::Error>(())
/// ```
#[must_use]
pub struct TestAppBuilder {
    /// What the test grants; it sits over the app's `edge.toml`.
    settings: AppSettings,
    mocks: Vec<(String, Arc<MockFn>)>,
    standard_only: bool,
    reference_kv: Option<Vec<(String, String)>>,
    max_response_body: usize,
    clock: TestClock,
    read_manifest: bool,
    /// How [`package`](Self::package) builds: features, pre-initialization.
    preinit: bool,
    features: Vec<String>,
    wasi: Option<WasiHttpVersion>,
}

impl TestAppBuilder {
    pub(crate) fn new() -> Self {
        Self {
            settings: AppSettings::default(),
            mocks: Vec::new(),
            standard_only: false,
            reference_kv: None,
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
            clock: TestClock::real(),
            read_manifest: true,
            preinit: true,
            features: Vec::new(),
            wasi: None,
        }
    }

    /// Whether [`package`](Self::package) pre-initializes an app that
    /// declares state built once (on by default, as `edge build` does):
    /// off, the test runs the plain build, which builds that state on each
    /// request.
    pub fn preinit(mut self, on: bool) -> Self {
        self.preinit = on;
        self
    }

    /// The `wasi:http` version [`package`](Self::package) builds the app
    /// for. Unset, the environment variable `EDGE_WASI` (`0.2` or `0.3`)
    /// chooses, and 0.2 without it: so `EDGE_WASI=0.3 cargo test` runs an
    /// app's tests against its 0.3 build.
    pub fn wasi(mut self, version: WasiHttpVersion) -> Self {
        self.wasi = Some(version);
        self
    }

    /// Cargo features [`package`](Self::package) builds the app with.
    pub fn features<I, S>(mut self, features: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.features = features.into_iter().map(Into::into).collect();
        self
    }

    /// Ignores the app's `edge.toml`: the test grants everything itself
    /// (no outbound hosts, configuration, stores or limits from the file).
    /// For tests that must not depend on dev settings.
    pub fn without_manifest(mut self) -> Self {
        self.read_manifest = false;
        self
    }

    /// The most of a response body the `TestApp` keeps (default 64 MiB); a
    /// longer body is cut there and reported as a failure, so that a guest
    /// streaming without end cannot fill the test's memory.
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.max_response_body = bytes;
        self
    }

    /// Per-request limits (memory, time, log size...): the ones set here
    /// win over the app's `edge.toml`, which wins over the defaults.
    ///
    /// ```
    /// use edge_harness::{LimitSettings, TestApp};
    ///
    /// let builder = TestApp::builder().limits(LimitSettings {
    ///     timeout_ms: Some(250),
    ///     ..LimitSettings::default()
    /// });
    /// # let _ = builder;
    /// ```
    pub fn limits(mut self, limits: LimitSettings) -> Self {
        self.settings.limits = limits.over(&self.settings.limits);
        self
    }

    /// A configuration value the app reads with `edge::config::get`.
    pub fn config(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.settings.config.push((key.into(), value.into()));
        self
    }

    /// A named key-value store besides the default one.
    pub fn kv_store(mut self, name: impl Into<String>) -> Self {
        self.settings.kv_stores.push(name.into());
        self
    }

    /// Lets outgoing requests reach `host` (any port) or `host:port` on the
    /// real network.
    pub fn allow_host(mut self, host: impl Into<String>) -> Self {
        self.settings.allow_outbound.push(host.into());
        self
    }

    /// Answers outgoing requests to `host` (or `host:port`) with `origin`.
    pub fn mock<F>(mut self, host: impl Into<String>, origin: F) -> Self
    where
        F: Fn(&MockRequest) -> MockResponse + Send + Sync + 'static,
    {
        self.mocks.push((host.into(), Arc::new(origin)));
        self
    }

    /// Stops the guests' clocks at `at`: every request sees this time
    /// through `wasi:clocks` until [`TestClock::advance`] moves it (see
    /// [`TestApp::clock`]). Without it the guests see the real time, which
    /// `advance` can move forward too.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    ///
    /// let builder = edge_harness::TestApp::builder()
    ///     .fixed_time(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000));
    /// # let _ = builder;
    /// ```
    pub fn fixed_time(mut self, at: SystemTime) -> Self {
        self.clock = TestClock::fixed(at);
        self
    }

    /// Links only what `wasmtime serve -S cli` gives a guest (the WASI CLI
    /// and `wasi:http` interfaces): an app that passes this way runs on any
    /// standard WASI HTTP host.
    pub fn standard_interfaces_only(mut self) -> Self {
        self.standard_only = true;
        self
    }

    /// Serves `wasi:keyvalue` with wasmtime's own in-memory store, seeded
    /// with `data`, instead of edge's: exactly what `wasmtime serve -S
    /// keyvalue` gives a guest (the empty identifier only, and each open
    /// store a private copy). [`TestApp::kv`] does not see this store.
    pub fn reference_keyvalue<I, K, V>(mut self, data: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.reference_kv = Some(
            data.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        );
        self
    }

    /// Composes the plugin at `path` in front of the app: a `.wasm` file, or
    /// a Cargo package's directory built like the app. Plugins see requests
    /// in the order they are added, after those of the app's `edge.toml`
    /// (`[plugins] chain`) and before the app; see
    /// [`compose`](crate::compose::compose).
    ///
    /// ```no_run
    /// let app = edge_harness::TestApp::builder()
    ///     .config("auth.token", "s3cret")
    ///     .plugin("plugins/auth")
    ///     .package("examples/flightpath")?;
    /// assert_eq!(app.get("/").send()?.status(), 401);
    /// # Ok::<(), edge_harness::Error>(())
    /// ```
    pub fn plugin(mut self, path: impl Into<PathBuf>) -> Self {
        self.settings.plugins.push(path.into());
        self
    }

    /// Builds the Cargo package in `dir` for `wasm32-wasip2` (once per test
    /// binary), pre-initializes it if it declares state built once (a
    /// failing initialization fails here, with its error), and loads it, with what the app's `edge.toml` grants (the
    /// builder's own settings win over it; a mock wins over an allowed host
    /// of the same name; [`without_manifest`](Self::without_manifest)
    /// ignores the file).
    pub fn package(mut self, dir: impl AsRef<Path>) -> anyhow::Result<TestApp> {
        let dir = dir.as_ref();
        if self.read_manifest {
            self.settings = self.settings.over(manifest_settings(dir)?);
        }
        let wasi = match self.wasi {
            Some(version) => version,
            None => WasiHttpVersion::from_env()?,
        };
        let built = AppBuild::new(dir)
            .preinit(self.preinit)
            .features(self.features.clone())
            .wasi(wasi)
            .limits(self.settings.limits.resolve())
            .run()?;
        self.file(built.component)
    }

    /// Loads a component file, with the plugins in front of it.
    pub fn file(self, path: impl AsRef<Path>) -> anyhow::Result<TestApp> {
        let path = path.as_ref();
        let settings = &self.settings;
        let component = with_plugins(
            path,
            &settings.plugins,
            &settings.plugin_grants,
            Progress::Quiet,
        )?;
        for (host, _) in &self.mocks {
            if self.settings.allow_outbound.contains(host) {
                eprintln!(
                    "edge-harness: `{host}` is both mocked and allowed (edge.toml's [outbound] \
                     allow, or allow_host): the mock answers; the real host is not reached"
                );
            }
        }
        let mut services = HostServices::new(
            &self.settings,
            Arc::new(MemoryKv::default()),
            "this TestApp neither mocks nor allows it: add `.mock(\"{host}\", |req| ...)` \
             or `.allow_host(\"{host}\")` to TestApp::builder()",
        );
        services.outbound_mocks(self.mocks);
        services.standard_only = self.standard_only;
        services.clock = Some(self.clock);
        services.reference_kv = self.reference_kv.map(|data| {
            Arc::new(
                wasmtime_wasi_keyvalue::WasiKeyValueCtxBuilder::new()
                    .in_memory_data(data)
                    .build(),
            )
        });
        let limits = self.settings.limits.resolve();
        TestApp::load(path, &component, limits, services, self.max_response_body)
    }
}
