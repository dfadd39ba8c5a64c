//! What the host's integration tests share: the test programs, a running
//! `edge serve`, a raw HTTP/1.1 client, and a process's memory and files.
//!
//! Each test binary uses part of it.
#![allow(dead_code)]

pub(crate) mod probes;
pub(crate) mod process;
pub(crate) mod raw_http;
pub(crate) mod server;
pub(crate) mod webdriver;

use std::path::{Path, PathBuf};

use edge_harness::{Progress, build_package};

pub(crate) fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The test-programs component, built once per test binary.
pub(crate) fn test_programs() -> PathBuf {
    build_package(workspace().join("test-programs"), Progress::Quiet).expect("test programs build")
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
