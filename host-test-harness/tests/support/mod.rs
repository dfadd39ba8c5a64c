//! What the host's integration tests share, here and in the `edge`
//! command's tests (which include this file): where the workspace and the
//! test programs are, temporary directories, the long-probe switch, and a
//! process's memory and files.
//!
//! Each test binary uses part of it.
#![allow(dead_code)]

pub(crate) mod process;

use std::path::{Path, PathBuf};

/// The workspace's root.
pub(crate) fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The test programs' package.
pub(crate) fn test_programs_package() -> PathBuf {
    workspace().join("test-programs")
}

/// The component of the workspace's package `dir` built for `wasi`.
pub(crate) fn built(dir: &str, wasi: edge_harness::runtime::WasiHttpVersion) -> PathBuf {
    edge_harness::build::AppBuild::new(workspace().join(dir))
        .wasi(wasi)
        .progress(edge_harness::Progress::Quiet)
        .run()
        .expect("builds")
        .component
}

/// A fresh, empty directory for this test process.
pub(crate) fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("edge-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Whether the long versions of the probes run (`EDGE_LONG_PROBES=1`);
/// CI runs the short ones.
pub(crate) fn long_probes() -> bool {
    std::env::var_os("EDGE_LONG_PROBES").is_some_and(|v| v == "1")
}
