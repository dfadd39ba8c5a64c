//! [`Snapshot`]: what an app's files look like, to notice an edit.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The most files a snapshot looks at: an app's sources are far fewer; a
/// huge tree must not turn each look into a long walk.
pub(super) const MAX_FILES: usize = 10_000;

/// The most folders a snapshot walks (and `--watch` asks the OS to watch):
/// empty folders cost a walk too.
pub(super) const MAX_FOLDERS: usize = 2_000;

/// Every file under an app's directory with its size and modification
/// time, but build output, dot-folders (`target/`, `.edge/`, `.git/`) and
/// SQLite files (key-value data kept beside the app changes on every
/// write), up to [`MAX_FILES`] in up to [`MAX_FOLDERS`] folders. Two
/// snapshots are equal when their files are.
#[derive(Clone, Debug, Default)]
pub(super) struct Snapshot {
    files: BTreeMap<PathBuf, (u64, Option<SystemTime>)>,
    /// The folders walked, the app's own first.
    pub(super) folders: Vec<PathBuf>,
    /// Whether the walk stopped at a bound before the end of the tree.
    pub(super) truncated: bool,
}

impl PartialEq for Snapshot {
    fn eq(&self, other: &Self) -> bool {
        self.files == other.files
    }
}

impl Snapshot {
    /// The app in `dir` as it is now.
    pub(super) fn take(dir: &Path) -> Self {
        let mut snapshot = Self::default();
        snapshot.collect(dir);
        snapshot
    }

    /// Whether `path` is one a snapshot leaves out (build output, a
    /// dot-folder, key-value data), judged by its part under the app's
    /// folder `dir`.
    pub(super) fn ignores(dir: &Path, path: &Path) -> bool {
        let inside = path.strip_prefix(dir).unwrap_or(path);
        inside.components().any(|part| {
            let name = part.as_os_str().to_string_lossy();
            skipped(&name)
        })
    }

    /// Walks `dir` breadth first, so that the bounds cut the deepest
    /// folders, never the app's `src/`.
    fn collect(&mut self, dir: &Path) {
        let mut queue = std::collections::VecDeque::from([(dir.to_owned(), 0u32)]);
        while let Some((folder, depth)) = queue.pop_front() {
            // Deep trees are not app sources. (Symbolic links are not
            // followed: `metadata` of a link to a folder says it is not a
            // folder.)
            if depth > 16 || self.folders.len() >= MAX_FOLDERS {
                self.truncated = true;
                return;
            }
            let Ok(entries) = std::fs::read_dir(&folder) else {
                continue;
            };
            self.folders.push(folder);
            for entry in entries.flatten() {
                let name = entry.file_name();
                if skipped(&name.to_string_lossy()) {
                    continue;
                }
                // The entry's type, not followed through a link.
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                if kind.is_dir() {
                    if self.folders.len() + queue.len() >= MAX_FOLDERS {
                        self.truncated = true;
                    } else {
                        queue.push_back((entry.path(), depth + 1));
                    }
                } else if self.files.len() >= MAX_FILES {
                    self.truncated = true;
                } else if let Ok(meta) = entry.metadata() {
                    self.files
                        .insert(entry.path(), (meta.len(), meta.modified().ok()));
                }
            }
        }
    }
}

fn skipped(name: &str) -> bool {
    name.starts_with('.') || name == "target" || name.contains(".sqlite")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_changes_the_snapshot_and_build_output_does_not() {
        let dir = std::env::temp_dir().join(format!("edge-snapshot-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).expect("dir");
        std::fs::create_dir_all(dir.join("target")).expect("dir");
        std::fs::write(dir.join("src/lib.rs"), "a").expect("write");
        let before = Snapshot::take(&dir);
        std::fs::write(dir.join("target/out.wasm"), "built").expect("write");
        std::fs::create_dir_all(dir.join(".edge")).expect("dir");
        std::fs::write(dir.join(".edge/kv.sqlite"), "data").expect("write");
        assert_eq!(Snapshot::take(&dir), before);
        std::fs::write(dir.join("src/lib.rs"), "ab").expect("write");
        assert_ne!(Snapshot::take(&dir), before);
        assert!(Snapshot::ignores(&dir, &dir.join("target/x/out.wasm")));
        assert!(Snapshot::ignores(&dir, &dir.join(".edge/kv.sqlite")));
        assert!(!Snapshot::ignores(&dir, &dir.join("src/lib.rs")));
    }

    #[test]
    fn folders_are_bounded_too() {
        let dir =
            std::env::temp_dir().join(format!("edge-snapshot-folders-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for i in 0..MAX_FOLDERS + 10 {
            std::fs::create_dir_all(dir.join(format!("empty/{i}"))).expect("dir");
        }
        let snapshot = Snapshot::take(&dir);
        assert_eq!(snapshot.folders.len(), MAX_FOLDERS);
        assert!(snapshot.truncated);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
