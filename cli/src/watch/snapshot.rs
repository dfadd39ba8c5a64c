//! [`Snapshot`]: what an app's files look like, to notice an edit.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The most files a snapshot looks at: an app's sources are far fewer; a
/// huge tree must not turn each look into a long walk.
pub(super) const MAX_FILES: usize = 10_000;

/// Every file under an app's directory with its size and modification
/// time, but build output, dot-folders (`target/`, `.edge/`, `.git/`) and
/// SQLite files (key-value data kept beside the app changes on every
/// write), up to [`MAX_FILES`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Snapshot(BTreeMap<PathBuf, (u64, Option<SystemTime>)>);

impl Snapshot {
    /// The app in `dir` as it is now.
    pub(super) fn take(dir: &Path) -> Self {
        let mut files = BTreeMap::new();
        collect(dir, &mut files, 0);
        Self(files)
    }
}

fn collect(dir: &Path, files: &mut BTreeMap<PathBuf, (u64, Option<SystemTime>)>, depth: u32) {
    // Deep trees are not app sources. (Symbolic links are not followed:
    // `metadata` of a link to a folder says it is not a folder.)
    if depth > 16 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name == "target" || name.contains(".sqlite") {
            continue;
        }
        if files.len() >= MAX_FILES {
            return;
        }
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            collect(&path, files, depth + 1);
        } else {
            files.insert(path, (meta.len(), meta.modified().ok()));
        }
    }
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
    }
}
