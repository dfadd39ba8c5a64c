//! [`TestApp`]: an edge app loaded in-process for `cargo test`.

use std::path::{Path, PathBuf};

use bytes::{Bytes, BytesMut};
use http::Method;
use http_body_util::BodyExt;

use crate::Limits;
use crate::compose::ComponentBytes;
use crate::runtime::{GuestBody, HostServices, HostedApp};
use crate::{OutboundRecord, TestAppBuilder, TestClock, TestKv, TestRequest, TestResponse};

/// The most of a response body a `TestApp` keeps unless told otherwise.
pub(crate) const DEFAULT_MAX_RESPONSE_BODY: usize = 64 << 20;

/// An edge app running in-process on wasmtime, for tests.
///
/// The component is compiled once; every request gets a fresh instance, as
/// on `edge serve`, so tests see the same isolation as production.
///
/// ```no_run
/// use edge_harness::TestApp;
///
/// let app = TestApp::from_package(env!("CARGO_MANIFEST_DIR"))?;
/// let res = app.get("/").send()?;
/// assert_eq!(res.status(), 200);
/// # Ok::<(), edge_harness::Error>(())
/// ```
pub struct TestApp {
    app: HostedApp,
    component: PathBuf,
    size: usize,
    services: HostServices,
    runtime: tokio::runtime::Runtime,
    max_response_body: usize,
}

impl TestApp {
    /// Builds the Cargo package in `dir` for `wasm32-wasip2` (once per test
    /// binary) and loads it with the defaults: default [`Limits`], an empty
    /// default key-value store, no configuration, no outbound access.
    pub fn from_package(dir: impl AsRef<Path>) -> anyhow::Result<Self> {
        Self::builder().package(dir)
    }

    /// Loads a component file built elsewhere, with the defaults.
    pub fn from_file(path: impl AsRef<Path>) -> anyhow::Result<Self> {
        Self::builder().file(path)
    }

    /// A builder, to grant configuration, stores, mocks and limits.
    pub fn builder() -> TestAppBuilder {
        TestAppBuilder::new()
    }

    pub(crate) fn load(
        path: &Path,
        component: &ComponentBytes,
        limits: Limits,
        services: HostServices,
        max_response_body: usize,
    ) -> anyhow::Result<Self> {
        let app = HostedApp::load(component, limits, services.clone())?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        Ok(Self {
            app,
            component: path.to_owned(),
            size: component.bytes().len(),
            services,
            runtime,
            max_response_body,
        })
    }

    /// The key-value store `name` (`"default"` or `""` for the default one),
    /// to seed or check. Panics if the app was not given that store.
    pub fn kv(&self, name: &str) -> TestKv<'_> {
        let store = self.services.kv.resolve(name).unwrap_or_else(|| {
            panic!("this TestApp has no store `{name}`: add `.kv_store(\"{name}\")` to TestApp::builder()")
        });
        TestKv {
            access: &self.services.kv,
            store,
        }
    }

    /// Every outgoing request the app made so far, in order.
    pub fn outbound(&self) -> Vec<OutboundRecord> {
        self.services.outbound.records()
    }

    /// The `wasi:http` version the app speaks: what it was built for.
    pub fn wasi_http(&self) -> crate::runtime::WasiHttpVersion {
        self.app.wasi_http()
    }

    /// How many outgoing requests went to `host` so far: a host name (any
    /// port) or `host:port`, as [`TestAppBuilder::mock`] takes it.
    ///
    /// ```no_run
    /// # let app = edge_harness::TestApp::from_package(".")?;
    /// app.get("/menu").send()?;
    /// app.get("/menu").send()?;
    /// assert_eq!(app.outbound_count("origin.example.com"), 1); // the second was a hit
    /// # Ok::<(), edge_harness::Error>(())
    /// ```
    pub fn outbound_count(&self, host: &str) -> usize {
        self.outbound()
            .iter()
            .filter(|record| {
                let authority = record.uri.authority().map_or("", |a| a.as_str());
                authority == host || record.uri.host() == Some(host)
            })
            .count()
    }

    /// The clock the app's guests see: [`TestClock::advance`] moves it
    /// forward, to test expiry without sleeping. See
    /// [`TestAppBuilder::fixed_time`].
    pub fn clock(&self) -> &TestClock {
        self.services
            .clock
            .as_ref()
            .unwrap_or_else(|| unreachable!("a TestApp is always built with a clock"))
    }

    /// The component file this app was loaded from: the app alone, without
    /// the plugins composed in front of it (see [`size`](Self::size)).
    pub fn component_path(&self) -> &Path {
        &self.component
    }

    /// The size in bytes of the component this app runs: with plugins, of
    /// the composition (made in memory, never written to a file).
    pub fn size(&self) -> usize {
        self.size
    }

    /// A request with any method, to `target` (a path with an optional query).
    pub fn request(&self, method: Method, target: &str) -> TestRequest<'_> {
        TestRequest::new(self, method, target)
    }

    /// A `GET` request to `target`.
    pub fn get(&self, target: &str) -> TestRequest<'_> {
        self.request(Method::GET, target)
    }

    /// A `POST` request to `target`.
    pub fn post(&self, target: &str) -> TestRequest<'_> {
        self.request(Method::POST, target)
    }

    /// A `PUT` request to `target`.
    pub fn put(&self, target: &str) -> TestRequest<'_> {
        self.request(Method::PUT, target)
    }

    /// A `PATCH` request to `target`.
    pub fn patch(&self, target: &str) -> TestRequest<'_> {
        self.request(Method::PATCH, target)
    }

    /// A `DELETE` request to `target`.
    pub fn delete(&self, target: &str) -> TestRequest<'_> {
        self.request(Method::DELETE, target)
    }

    /// A `HEAD` request to `target`.
    pub fn head(&self, target: &str) -> TestRequest<'_> {
        self.request(Method::HEAD, target)
    }

    pub(crate) fn dispatch(
        &self,
        request: http::Request<http_body_util::Full<Bytes>>,
    ) -> TestResponse {
        self.runtime.block_on(async {
            let answer = self.app.handle(request).await;
            let (parts, body) = answer.response.into_parts();
            let (body, cut) = read_body(body, self.max_response_body).await;
            let mut complete = cut.is_none();
            let mut failure = answer.failure.map(|f| f.to_string()).or(cut);
            // A body cut by the capture limit is dropped before its end:
            // the guest's own failure, if any, still counts.
            if let Err(ended) = answer.end.wait().await {
                complete = false;
                failure.get_or_insert(ended.to_string());
            }
            TestResponse {
                status: parts.status,
                headers: parts.headers,
                body,
                stdout: answer.stdout.text(),
                stderr: answer.stderr.text(),
                failure,
                complete,
                timing: answer.timing.read(),
            }
        })
    }
}

/// Reads a streamed body whole; says why if it was cut short.
async fn read_body(mut body: GuestBody, limit: usize) -> (Bytes, Option<String>) {
    let mut bytes = BytesMut::new();
    while let Some(frame) = body.frame().await {
        match frame {
            Ok(frame) => {
                if let Ok(data) = frame.into_data() {
                    if bytes.len() + data.len() > limit {
                        return (
                            bytes.freeze(),
                            Some(format!(
                                "the response body exceeded TestApp's {limit}-byte capture limit \
                                 (raise it with TestAppBuilder::max_response_body)"
                            )),
                        );
                    }
                    bytes.extend_from_slice(&data);
                }
            }
            Err(failure) => return (bytes.freeze(), Some(failure.to_string())),
        }
    }
    (bytes.freeze(), None)
}
