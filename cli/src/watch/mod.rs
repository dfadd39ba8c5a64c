//! `edge serve --watch`: rebuild on change, switch versions without
//! dropping requests.

mod file_events;
mod snapshot;

use std::sync::Arc;
use std::time::{Duration, Instant};

use edge_harness::Progress;
use edge_harness::build::AppBuild;
use edge_harness::compose::with_plugins;
use edge_harness::kv::KvStorage;
use edge_harness::runtime::HostedApp;
use edge_harness::settings::manifest_settings;

use crate::args::ServeArgs;
use crate::server::live_app::LiveApp;
use crate::server::options::ServeOptions;
use file_events::FileEvents;
use snapshot::Snapshot;

/// How long the files must stay unchanged before a rebuild starts: an
/// editor's save, or `git checkout`, is one rebuild.
const DEBOUNCE: Duration = Duration::from_millis(300);

/// The longest a rebuild waits for the files to settle: something that
/// writes without end (a log beside the sources) cannot stop rebuilds.
const MAX_SETTLE: Duration = Duration::from_secs(5);

/// Watches the app in `args.path`; after each change (debounced), rebuilds
/// it and its `edge.toml`, and makes the new version the one new requests
/// get. A failed build leaves the running version serving.
pub(crate) async fn rebuild_on_change(
    live: Arc<LiveApp>,
    args: ServeArgs,
    storage: Arc<dyn KvStorage>,
) {
    let dir = args.path.clone();
    let mut events = FileEvents::new(&dir);
    let mut seen = snapshot(&dir).await;
    events.follow(&seen);
    eprintln!("edge: watching {} for changes", dir.display());
    loop {
        events.next().await;
        let now = snapshot(&dir).await;
        events.follow(&now);
        if now == seen {
            continue;
        }
        // Wait for the edits to settle.
        let mut settled = now;
        let waiting = Instant::now();
        loop {
            tokio::time::sleep(DEBOUNCE).await;
            let again = snapshot(&dir).await;
            if again == settled || waiting.elapsed() > MAX_SETTLE {
                settled = again;
                break;
            }
            settled = again;
        }
        events.follow(&settled);
        seen = settled;
        let args = args.clone();
        let storage = storage.clone();
        let start = Instant::now();
        eprintln!("edge: change seen; rebuilding {}", dir.display());
        let built = tokio::task::spawn_blocking(move || rebuild(&args, storage)).await;
        match built {
            Ok(Ok(app)) => {
                live.replace(app);
                eprintln!(
                    "edge: rebuilt in {:.1}s; new requests get the new version",
                    start.elapsed().as_secs_f64()
                );
            }
            Ok(Err(e)) => eprintln!(
                "edge: the rebuild failed after {:.1}s; still serving the previous version: {e:#}",
                start.elapsed().as_secs_f64()
            ),
            Err(e) => {
                eprintln!("edge: the rebuild stopped: {e}; still serving the previous version")
            }
        }
    }
}

/// The app's files, looked at on a blocking thread (a walk of the folder
/// must not hold up the async workers).
async fn snapshot(dir: &std::path::Path) -> Snapshot {
    let dir = dir.to_owned();
    tokio::task::spawn_blocking(move || Snapshot::take(&dir))
        .await
        .unwrap_or_default()
}

/// Builds the app again, with its `edge.toml` read again, on the same
/// key-value storage.
fn rebuild(args: &ServeArgs, storage: Arc<dyn KvStorage>) -> anyhow::Result<HostedApp> {
    let manifest = manifest_settings(&args.path)?;
    let options = ServeOptions::new(args, &args.path, manifest);
    let built = AppBuild::new(&args.path)
        .progress(Progress::Show)
        .preinit(!args.no_preinit)
        .limits(options.limits())
        .wasi(args.wasi)
        .rerun()?;
    let settings = &options.settings;
    let component = with_plugins(
        &built.component,
        &settings.plugins,
        &settings.plugin_grants,
        Progress::Show,
    )?;
    HostedApp::load(&component, options.limits(), options.services(storage))
}
