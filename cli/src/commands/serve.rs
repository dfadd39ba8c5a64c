//! `edge serve`.

use std::path::Path;

use edge_harness::settings::manifest_settings;

use crate::args::ServeArgs;
use crate::server::options::ServeOptions;
use crate::server::{runtime, serve, shutdown_signal};

/// Builds (or loads) the app and serves it until Ctrl-C or SIGTERM.
pub(super) fn run(args: &ServeArgs) -> anyhow::Result<()> {
    let path = &args.path;
    let (app_dir, manifest) = if path.is_dir() {
        (path.as_path(), manifest_settings(path)?)
    } else {
        (path.parent().unwrap_or(Path::new(".")), Default::default())
    };
    let options = ServeOptions::new(args, app_dir, manifest);
    let component = super::component_for(path)?;
    let runtime = runtime()?;
    let served = runtime.block_on(serve(&component, options, shutdown_signal()));
    // A key-value call still running on a blocking thread stops at its
    // request's deadline; the process does not wait on it past a moment.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    served
}
