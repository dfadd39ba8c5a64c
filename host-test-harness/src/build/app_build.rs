//! [`AppBuild`]: an app package built into the component that ships,
//! pre-initialized when the app declares state built once.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::cargo_build::{Progress, cargo_component, p3_feature};
use super::preinit_step;
use crate::Limits;
use crate::preinit::DEFAULT_INIT_TIMEOUT;
use crate::runtime::WasiHttpVersion;

/// How to build an app package: its cargo features, whether cargo's
/// progress shows, and whether its state is built at build time.
///
/// ```no_run
/// use edge_harness::build::AppBuild;
///
/// let built = AppBuild::new("examples/flightpath").run()?;
/// println!("ships {}", built.component.display());
/// if let Some(init) = &built.preinit {
///     println!("initialized at build time in {:?}", init.init_time);
/// }
/// # Ok::<(), edge_harness::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct AppBuild {
    dir: PathBuf,
    progress: Progress,
    preinit: bool,
    features: Vec<String>,
    wasi: WasiHttpVersion,
    limits: Limits,
    init_timeout: Duration,
}

/// What [`AppBuild::run`] produced.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct BuiltApp {
    /// The component to serve and ship: the pre-initialized one when there
    /// is one, else cargo's.
    pub component: PathBuf,
    /// The component cargo built.
    pub cargo_output: PathBuf,
    /// The pre-initialization, if the app declares state built once and it
    /// was not turned off.
    pub preinit: Option<PreinitReport>,
    /// The `wasi:http` version the component was built for.
    pub wasi: WasiHttpVersion,
}

/// How an app's state was built at build time.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct PreinitReport {
    /// How long the app's initialization function ran (zero when
    /// `reused`).
    pub init_time: Duration,
    /// How long the whole step took: instrumenting, compiling, running
    /// the initialization and writing the snapshot (zero when `reused`).
    pub step_time: Duration,
    /// What the initialization wrote, escaped.
    pub init_log: String,
    /// The component's size before, in bytes.
    pub size_before: u64,
    /// Its size after, in bytes.
    pub size_after: u64,
    /// The snapshot of an earlier build of the same component was reused.
    pub reused: bool,
}

impl AppBuild {
    /// A release build of the package in `dir` for `wasm32-wasip2`, quiet,
    /// with default features, pre-initialized under the default limits.
    pub fn new(dir: impl AsRef<Path>) -> Self {
        Self {
            dir: dir.as_ref().to_owned(),
            progress: Progress::Quiet,
            preinit: true,
            features: Vec::new(),
            wasi: WasiHttpVersion::P2,
            limits: Limits::default(),
            init_timeout: DEFAULT_INIT_TIMEOUT,
        }
    }

    /// Whether cargo's progress shows.
    pub fn progress(mut self, progress: Progress) -> Self {
        self.progress = progress;
        self
    }

    /// Whether an app that declares state built once is pre-initialized
    /// (on by default). Off, it builds that state on each request instead.
    pub fn preinit(mut self, on: bool) -> Self {
        self.preinit = on;
        self
    }

    /// Cargo features to enable (`--features`).
    pub fn features<I, S>(mut self, features: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.features = features.into_iter().map(Into::into).collect();
        self
    }

    /// The `wasi:http` version to build for: 0.2 by default; 0.3 turns on
    /// the edge SDK's `p3` feature (the package must depend on the SDK).
    pub fn wasi(mut self, version: WasiHttpVersion) -> Self {
        self.wasi = version;
        self
    }

    /// The limits the initialization runs under (its memory cap); the
    /// app's own, so a snapshot never holds more than a request may use.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// How long the initialization may run (30 s by default).
    pub fn init_timeout(mut self, timeout: Duration) -> Self {
        self.init_timeout = timeout;
        self
    }

    /// Builds once per process and set of features (later calls return the
    /// first build), then pre-initializes.
    ///
    /// # Errors
    ///
    /// No package, no `wasm32-wasip2` target, a failed build, or a failed
    /// initialization (see [`crate::preinit::InitFailure`]).
    pub fn run(&self) -> anyhow::Result<BuiltApp> {
        let cargo_output = cargo_component(&self.dir, &self.all_features()?, self.progress, false)?;
        self.finish(cargo_output)
    }

    /// As [`run`](Self::run), but builds again whatever this process built
    /// before (`edge serve --watch` after an edit).
    ///
    /// # Errors
    ///
    /// As [`run`](Self::run).
    pub fn rerun(&self) -> anyhow::Result<BuiltApp> {
        let cargo_output = cargo_component(&self.dir, &self.all_features()?, self.progress, true)?;
        self.finish(cargo_output)
    }

    /// The features asked for, and the SDK's `p3` for a 0.3 build.
    fn all_features(&self) -> anyhow::Result<Vec<String>> {
        let mut features = self.features.clone();
        if self.wasi == WasiHttpVersion::P3 {
            features.push(p3_feature(&self.dir)?);
        }
        Ok(features)
    }

    fn finish(&self, cargo_output: PathBuf) -> anyhow::Result<BuiltApp> {
        if !self.preinit {
            return Ok(BuiltApp {
                component: cargo_output.clone(),
                cargo_output,
                preinit: None,
                wasi: self.wasi,
            });
        }
        let (component, preinit) =
            preinit_step::run(&cargo_output, &self.limits, self.init_timeout)?;
        Ok(BuiltApp {
            component,
            cargo_output,
            preinit,
            wasi: self.wasi,
        })
    }
}
