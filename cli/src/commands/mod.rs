//! One module per subcommand.

mod build;
mod call;
mod new;
mod serve;

use std::path::{Path, PathBuf};

use edge_harness::{Progress, build_package};

use crate::args::Command;

/// Runs `command`.
pub(crate) fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve(args) => serve::run(&args),
        Command::Build { path } => build::run(&path),
        Command::Call { path, target } => call::run(&path, &target),
        Command::New { name } => new::run(&name),
    }
}

/// The component of the app at `path`: a `.wasm` file as it is, a directory
/// as a Cargo package built first (cargo's progress shown).
fn component_for(path: &Path) -> anyhow::Result<PathBuf> {
    if !path.exists() {
        anyhow::bail!("{}: no such file or directory", path.display());
    }
    if path.is_dir() {
        return build_package(path, Progress::Show);
    }
    Ok(path.to_owned())
}
