//! Build-time pre-initialization: the talk's Wizer, for components.
//!
//! An app whose `#[edge::main]` function takes no request builds its state
//! (router, tables, compiled patterns) once, in the `wizer-initialize`
//! function the SDK exports for it. [`preinitialize`] runs that function at
//! build time, in an instance with no host (every import traps, naming
//! itself, except the stdout and stderr a panic message needs), and
//! snapshots the instance's memory and globals into a new component with
//! `wasmtime-wizer`. Every request still gets a fresh instance; it starts
//! from the snapshot instead of building the state again.
//!
//! The output is a standard component with the same imports and exports.
//! It keeps `wizer-initialize`, which then does nothing: the app is built.

mod init_failure;
mod init_host;
mod snapshot_reader;
mod trapped_imports;

use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::Limits;

pub use init_failure::InitFailure;

/// The name of the export a pre-initializer calls.
pub const INIT_EXPORT: &str = "wizer-initialize";

/// How long an app's initialization may run at build time, unless the
/// build says otherwise.
pub const DEFAULT_INIT_TIMEOUT: Duration = Duration::from_secs(30);

/// A component whose state was built at build time.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Preinitialized {
    /// The pre-initialized component.
    pub wasm: Vec<u8>,
    /// What the initialization wrote to stdout and stderr, escaped for a
    /// terminal.
    pub init_log: String,
    /// How long the app's initialization function ran (not counting the
    /// compilation and the snapshot around it).
    pub init_time: Duration,
}

/// Whether `wasm` is a component that declares state built once: it
/// exports [`INIT_EXPORT`] (an `#[edge::main]` function without a request).
pub fn declares_init(wasm: &[u8]) -> bool {
    use wasmparser::{Parser, Payload};
    let mut depth = 0_usize;
    for payload in Parser::new(0).parse_all(wasm) {
        match payload {
            Ok(Payload::ModuleSection { .. } | Payload::ComponentSection { .. }) => depth += 1,
            Ok(Payload::End(_)) => depth = depth.saturating_sub(1),
            // Depth 0: the outermost component's own exports.
            Ok(Payload::ComponentExportSection(exports)) if depth == 0 => {
                if exports
                    .into_iter()
                    .flatten()
                    .any(|export| export.name.name == INIT_EXPORT)
                {
                    return true;
                }
            }
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
}

/// Runs the app's initialization in `wasm` and returns the component
/// snapshotted after it.
///
/// The initialization runs under `limits`' memory cap and for at most
/// `timeout`. It may not call the host: a call fails with
/// [`InitFailure::CalledHost`], which names the import and what to do
/// instead; a panic (a malformed route, say) fails with the message it
/// wrote to stderr.
pub fn preinitialize(
    wasm: &[u8],
    limits: &Limits,
    timeout: Duration,
) -> anyhow::Result<Preinitialized> {
    if !declares_init(wasm) {
        anyhow::bail!(
            "the component exports no `{INIT_EXPORT}`: nothing to pre-initialize \
             (an app declares state built once with an `#[edge::main]` function that takes no request)"
        );
    }
    let mut wizer = wasmtime_wizer::Wizer::new();
    // Kept: wizer 48 drops the export but not the component's lift of it,
    // which leaves an invalid component. Called again, the SDK's init finds
    // the app built and returns.
    wizer.keep_init_func(true);
    let (context, instrumented) = wizer
        .instrument_component(wasm)
        .map_err(anyhow::Error::from)
        .context("cannot prepare the component for pre-initialization")?;
    let limits = limits.clone();
    // Wizer's snapshot is async; a thread of its own keeps this callable
    // from inside another runtime (edge serve's watcher, a tokio test).
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_time()
                    .build()
                    .context("cannot start the pre-initialization runtime")?;
                runtime.block_on(async {
                    let mut host =
                        init_host::InitHost::instantiate(&instrumented, &limits, timeout).await?;
                    let start = Instant::now();
                    host.call_init().await?;
                    let init_time = start.elapsed();
                    let init_log = host.log();
                    let wasm = host.snapshot(&wizer, &context).await?;
                    Ok(Preinitialized {
                        wasm,
                        init_log,
                        init_time,
                    })
                })
            })
            .join()
            .unwrap_or_else(|panic| {
                let why = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("no message");
                Err(anyhow::anyhow!("the pre-initializer failed: {why}"))
            })
    })
}
