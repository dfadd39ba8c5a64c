//! What the `edge` command's tests share: a running `edge serve`, a raw
//! HTTP/1.1 client, a WebDriver client, and (from the harness's tests) the
//! workspace, temporary directories and a process's memory and files.
#![allow(dead_code)]

pub(crate) mod raw_http;
pub(crate) mod server;
pub(crate) mod webdriver;

#[path = "../../../host-test-harness/tests/support/mod.rs"]
mod shared;

use std::path::PathBuf;

use edge_harness::{Progress, build_package};
#[allow(unused_imports, reason = "each test binary uses part of it")]
pub(crate) use shared::{long_probes, process, temp_dir, test_programs_package, workspace};

/// The test-programs component, built once per test binary.
pub(crate) fn test_programs() -> PathBuf {
    build_package(test_programs_package(), Progress::Quiet).expect("test programs build")
}
