//! [`FileEvents`]: the OS says when something in the app's folders
//! changes (inotify on Linux, through `notify`), so an idle `--watch`
//! costs nothing; where it cannot, the files are looked at every second.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};
use tokio::sync::Notify;

use super::snapshot::{MAX_FOLDERS, Snapshot};

/// How often the files are looked at without notifications.
const POLL: Duration = Duration::from_secs(1);

/// Changes in the folders of the app's latest [`Snapshot`].
pub(super) struct FileEvents {
    /// `None` once notifications failed: then [`next`](Self::next) polls.
    watcher: Option<RecommendedWatcher>,
    watched: HashSet<PathBuf>,
    changed: Arc<Notify>,
    said_truncated: bool,
}

impl FileEvents {
    /// Notifications for the app in `dir` (none watched until
    /// [`follow`](Self::follow)).
    pub(super) fn new(dir: &Path) -> Self {
        let changed = Arc::new(Notify::new());
        let signal = changed.clone();
        let root = dir.to_owned();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let ignored = event.as_ref().is_ok_and(|event| {
                !event.paths.is_empty()
                    && event
                        .paths
                        .iter()
                        .all(|path| Snapshot::ignores(&root, path))
            });
            // An error (events lost) is a reason to look too.
            if !ignored {
                signal.notify_one();
            }
        });
        let watcher = match watcher {
            Ok(watcher) => Some(watcher),
            Err(e) => {
                fall_back(&e);
                None
            }
        };
        Self {
            watcher,
            watched: HashSet::new(),
            changed,
            said_truncated: false,
        }
    }

    /// Watches the folders of `snapshot` (and no longer those it lost).
    pub(super) fn follow(&mut self, snapshot: &Snapshot) {
        if snapshot.truncated && !self.said_truncated {
            self.said_truncated = true;
            eprintln!(
                "edge: the app's folder holds more than {MAX_FOLDERS} folders or {} files \
                 (build output and dot-folders aside): changes past them are not seen",
                super::snapshot::MAX_FILES
            );
        }
        let Some(watcher) = &mut self.watcher else {
            return;
        };
        let now: HashSet<&PathBuf> = snapshot.folders.iter().collect();
        self.watched.retain(|folder| {
            if now.contains(folder) {
                return true;
            }
            // Gone or out of bounds; the OS may have dropped it already.
            let _ = watcher.unwatch(folder);
            false
        });
        for folder in &snapshot.folders {
            if self.watched.contains(folder) {
                continue;
            }
            if let Err(e) = watcher.watch(folder, RecursiveMode::NonRecursive) {
                fall_back(&e);
                self.watcher = None;
                self.watched.clear();
                return;
            }
            self.watched.insert(folder.clone());
        }
    }

    /// Returns when something may have changed: a notification, or the
    /// next look when there are none.
    pub(super) async fn next(&self) {
        if self.watcher.is_some() {
            self.changed.notified().await;
        } else {
            tokio::time::sleep(POLL).await;
        }
    }
}

fn fall_back(error: &notify::Error) {
    eprintln!(
        "edge: no file notifications ({error}); looking at the files every {}s instead",
        POLL.as_secs()
    );
}
