//! The instance an app's initialization runs in at build time: no host but
//! stdout and stderr; every other import traps and names itself.

use std::time::Duration;

use anyhow::Context as _;
use wasmtime::component::{Component, HasSelf, Instance, Linker, ResourceTable};
use wasmtime::{Store, StoreLimits, StoreLimitsBuilder, Trap};
use wasmtime_wasi::cli::{WasiCli, WasiCliView as _};
use wasmtime_wasi::{WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};
use wasmtime_wizer::{ComponentContext, Wizer};

use super::snapshot_reader::SnapshotReader;
use super::trapped_imports;
use super::{INIT_EXPORT, InitFailure};
use crate::Limits;
use crate::runtime::{LogCapture, engine, log_text};

/// What the initialization's instance holds on the host side.
struct InitState {
    ctx: WasiCtx,
    table: ResourceTable,
    limits: StoreLimits,
}

impl WasiView for InitState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.ctx,
            table: &mut self.table,
        }
    }
}

/// An instance of the instrumented component, ready to initialize.
pub(super) struct InitHost {
    store: Store<InitState>,
    instance: Instance,
    stdout: LogCapture,
    stderr: LogCapture,
    timeout: Duration,
}

impl InitHost {
    /// Instantiates `instrumented` with stdout and stderr captured and
    /// every other import a trap.
    pub(super) async fn instantiate(
        instrumented: &[u8],
        limits: &Limits,
        timeout: Duration,
    ) -> anyhow::Result<Self> {
        let engine = engine::shared();
        let component = Component::new(&engine, instrumented)
            .map_err(anyhow::Error::from)
            .context("cannot compile the component to pre-initialize it")?;
        let mut linker = Linker::<InitState>::new(&engine);
        link_output_only(&mut linker)?;
        trapped_imports::define(&mut linker, &component)?;

        let stdout = LogCapture::new(limits.max_log_bytes);
        let stderr = LogCapture::new(limits.max_log_bytes);
        let state = InitState {
            ctx: WasiCtxBuilder::new()
                .stdout(stdout.clone())
                .stderr(stderr.clone())
                .build(),
            table: ResourceTable::new(),
            limits: StoreLimitsBuilder::new()
                .memory_size(limits.max_memory_bytes)
                .instances(64)
                .build(),
        };
        let mut store = Store::new(&engine, state);
        store.limiter(|state| &mut state.limits);
        let ticks = timeout.as_millis() / engine::EPOCH_TICK.as_millis().max(1);
        store.set_epoch_deadline(u64::try_from(ticks).unwrap_or(u64::MAX));
        store.epoch_deadline_trap();

        let instance = linker
            .instantiate_async(&mut store, &component)
            .await
            .map_err(|e| Self::failure(e, &stdout, &stderr, timeout))?;
        Ok(Self {
            store,
            instance,
            stdout,
            stderr,
            timeout,
        })
    }

    /// Calls the app's `wizer-initialize`.
    pub(super) async fn call_init(&mut self) -> anyhow::Result<()> {
        let init = self
            .instance
            .get_typed_func::<(), ()>(&mut self.store, INIT_EXPORT)
            .map_err(anyhow::Error::from)
            .with_context(|| format!("the component's `{INIT_EXPORT}` is not a `func()`"))?;
        init.call_async(&mut self.store, ())
            .await
            .map_err(|e| Self::failure(e, &self.stdout, &self.stderr, self.timeout))
    }

    /// What the initialization wrote, each line escaped.
    pub(super) fn log(&self) -> String {
        escaped_log(&self.stdout, &self.stderr)
    }

    /// The component snapshotted as the instance is now.
    pub(super) async fn snapshot(
        mut self,
        wizer: &Wizer,
        context: &ComponentContext<'_>,
    ) -> anyhow::Result<Vec<u8>> {
        let mut reader = SnapshotReader::new(&mut self.store, self.instance);
        let wasm = wizer
            .snapshot_component(context, &mut reader)
            .await
            .map_err(anyhow::Error::from)
            .context("cannot snapshot the initialized instance")?;
        reader.finish()?;
        Ok(wasm)
    }

    /// The failure `error` (from instantiating or initializing) means.
    fn failure(
        error: wasmtime::Error,
        stdout: &LogCapture,
        stderr: &LogCapture,
        timeout: Duration,
    ) -> anyhow::Error {
        let log = escaped_log(stdout, stderr);
        if let Some(import) = trapped_imports::called_import(&error) {
            // The name comes from the component: escaped.
            let import = log_text(&import).into_owned();
            // Rust's standard library reads the environment on its way to
            // abort (after "memory allocation of N bytes failed", say):
            // what it wrote is the failure, not the read.
            if import.starts_with("wasi:cli/environment") && !stderr.text().is_empty() {
                return InitFailure::Trapped {
                    trap: "it aborted".to_owned(),
                    log,
                }
                .into();
            }
            return InitFailure::CalledHost { import, log }.into();
        }
        match error.downcast_ref::<Trap>() {
            Some(Trap::Interrupt) => InitFailure::TimedOut(timeout).into(),
            Some(trap) => InitFailure::Trapped {
                trap: trap.to_string(),
                log,
            }
            .into(),
            None => anyhow::Error::from(error).context("cannot run the app's initialization"),
        }
    }
}

/// Links stdout, stderr and the `wasi:io` streams they write to; nothing
/// else.
fn link_output_only(linker: &mut Linker<InitState>) -> anyhow::Result<()> {
    use wasmtime_wasi_io::bindings::wasi::io::{error, poll, streams};
    error::add_to_linker::<_, HasSelf<ResourceTable>>(linker, |s| &mut s.table)?;
    poll::add_to_linker::<_, HasSelf<ResourceTable>>(linker, |s| &mut s.table)?;
    streams::add_to_linker::<_, HasSelf<ResourceTable>>(linker, |s| &mut s.table)?;
    wasmtime_wasi::p2::bindings::cli::stdout::add_to_linker::<_, WasiCli>(linker, InitState::cli)?;
    wasmtime_wasi::p2::bindings::cli::stderr::add_to_linker::<_, WasiCli>(linker, InitState::cli)?;
    Ok(())
}

fn escaped_log(stdout: &LogCapture, stderr: &LogCapture) -> String {
    let mut log = String::new();
    for line in stdout.text().lines().chain(stderr.text().lines()) {
        log.push_str("  ");
        log.push_str(&log_text(line));
        log.push('\n');
    }
    log.truncate(log.trim_end().len());
    log
}
