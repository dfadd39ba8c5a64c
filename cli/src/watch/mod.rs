//! `edge serve --watch`: rebuild on change, switch versions without
//! dropping requests.

mod snapshot;

use std::sync::Arc;
use std::time::{Duration, Instant};

use edge_harness::Progress;
use edge_harness::build::rebuild_package;
use edge_harness::kv::KvStorage;
use edge_harness::runtime::HostedApp;
use edge_harness::settings::manifest_settings;

use crate::args::ServeArgs;
use crate::server::live_app::LiveApp;
use crate::server::options::ServeOptions;
use snapshot::Snapshot;

/// How often the app's files are looked at.
const POLL: Duration = Duration::from_millis(250);

/// How long the files must stay unchanged before a rebuild starts: an
/// editor's save, or `git checkout`, is one rebuild.
const DEBOUNCE: Duration = Duration::from_millis(300);

/// Watches the app in `args.path`; after each change (debounced), rebuilds
/// it and its `edge.toml`, and makes the new version the one new requests
/// get. A failed build leaves the running version serving.
pub(crate) async fn rebuild_on_change(
    live: Arc<LiveApp>,
    args: ServeArgs,
    storage: Arc<dyn KvStorage>,
) {
    let dir = args.path.clone();
    let mut seen = Snapshot::take(&dir);
    eprintln!("edge: watching {} for changes", dir.display());
    loop {
        tokio::time::sleep(POLL).await;
        let now = Snapshot::take(&dir);
        if now == seen {
            continue;
        }
        // Wait for the edits to settle.
        let mut settled = now;
        loop {
            tokio::time::sleep(DEBOUNCE).await;
            let again = Snapshot::take(&dir);
            if again == settled {
                break;
            }
            settled = again;
        }
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

/// Builds the app again, with its `edge.toml` read again, on the same
/// key-value storage.
fn rebuild(args: &ServeArgs, storage: Arc<dyn KvStorage>) -> anyhow::Result<HostedApp> {
    let manifest = manifest_settings(&args.path)?;
    let options = ServeOptions::new(args, &args.path, manifest);
    let component = rebuild_package(&args.path, Progress::Show)?;
    HostedApp::load(&component, options.limits(), options.services(storage))
}
