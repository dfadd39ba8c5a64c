//! `edge serve`.

use std::path::Path;

use edge_harness::Progress;
use edge_harness::compose::with_plugins;
use edge_harness::runtime::HostedApp;
use edge_harness::settings::manifest_settings;

use crate::args::ServeArgs;
use crate::server::live_app::LiveApp;
use crate::server::options::ServeOptions;
use crate::server::{runtime, serve, shutdown_signal};
use crate::watch;

/// Builds (or loads) the app and serves it until Ctrl-C or SIGTERM; with
/// `--watch`, rebuilds it on every change.
pub(super) fn run(args: &ServeArgs) -> anyhow::Result<()> {
    let path = &args.path;
    if args.watch && !path.is_dir() {
        anyhow::bail!(
            "--watch rebuilds an app from its sources: pass the app's directory, not {}",
            path.display()
        );
    }
    let (app_dir, manifest) = if path.is_dir() {
        (path.as_path(), manifest_settings(path)?)
    } else {
        (path.parent().unwrap_or(Path::new(".")), Default::default())
    };
    let options = ServeOptions::new(args, app_dir, manifest);
    let limits = options.limits();
    let component = super::component_for(path, !args.no_preinit, limits.clone(), args.wasi)?;
    let settings = &options.settings;
    let component = with_plugins(
        &component,
        &settings.plugins,
        &settings.plugin_grants,
        Progress::Show,
    )?;
    let storage = options.storage()?;
    let app = HostedApp::load(
        &component,
        limits.clone(),
        options.services(storage.clone()),
    )?;
    let pool = app.pool();
    eprintln!("edge: the app speaks {}", app.wasi_http());
    eprintln!(
        "edge: up to {} requests at once (a pool of {0} instances of this component, each with \
         room for {} memories, {} tables and {} core instances)",
        pool.slots, pool.memories, pool.tables, pool.core_instances
    );
    let live = LiveApp::new(app);
    let runtime = runtime()?;
    let served = runtime.block_on(async {
        if args.watch {
            tokio::spawn(watch::rebuild_on_change(
                live.clone(),
                args.clone(),
                storage,
            ));
        }
        serve(
            live,
            options.listen,
            &limits,
            &args.trusted_proxies,
            shutdown_signal(),
        )
        .await
    });
    // A key-value call still running on a blocking thread stops at its
    // request's deadline; the process does not wait on it past a moment.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    served
}
