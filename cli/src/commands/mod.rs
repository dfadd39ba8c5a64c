//! One module per subcommand.

mod build;
mod call;
mod compose;
mod new;
mod plugin_access;
mod serve;

use std::path::{Path, PathBuf};

use edge_harness::build::AppBuild;
use edge_harness::runtime::WasiHttpVersion;
use edge_harness::{Limits, Progress};

use crate::args::Command;

/// Runs `command`.
pub(crate) fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve(args) => serve::run(&args),
        Command::Build {
            path,
            no_preinit,
            proxy_only,
            wasi,
        } => {
            for version in wasi.0 {
                build::run(&path, !no_preinit, proxy_only, version)?;
            }
            Ok(())
        }
        Command::Call { path, target, wasi } => call::run(&path, &target, wasi),
        Command::Compose(args) => compose::run(&args),
        Command::New { name, checkout } => new::run(&name, checkout.as_deref()),
    }
}

/// The component of the app at `path`: a `.wasm` file as it is, a directory
/// as a Cargo package built first for `wasi` (cargo's progress shown),
/// pre-initialized under `limits` unless `preinit` is off.
fn component_for(
    path: &Path,
    preinit: bool,
    limits: Limits,
    wasi: WasiHttpVersion,
) -> anyhow::Result<PathBuf> {
    if !path.exists() {
        anyhow::bail!("{}: no such file or directory", path.display());
    }
    if path.is_dir() {
        let built = AppBuild::new(path)
            .progress(Progress::Show)
            .preinit(preinit)
            .limits(limits)
            .wasi(wasi)
            .run()?;
        return Ok(built.component);
    }
    Ok(path.to_owned())
}
