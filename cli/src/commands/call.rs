//! `edge call`.

use std::path::Path;

use edge_harness::TestApp;
use edge_harness::runtime::log_text;

/// Sends `GET target` through a fresh instance and prints the answer; an
/// error (exit code 1) if the guest failed: trapped, timed out, cut its
/// body, or answered no response.
pub(super) fn run(path: &Path, target: &str) -> anyhow::Result<()> {
    let app = if path.is_dir() {
        TestApp::builder().package(path)?
    } else {
        TestApp::from_file(super::component_for(
            path,
            true,
            edge_harness::Limits::default(),
        )?)?
    };
    let res = app.get(target).send()?;
    println!("{}", res.status());
    for (name, value) in res.headers() {
        println!("{name}: {}", String::from_utf8_lossy(value.as_bytes()));
    }
    println!();
    println!("{}", res.text());
    if !res.stderr().is_empty() {
        eprintln!("--- guest stderr ---");
        for line in res.stderr().lines() {
            eprintln!("{}", log_text(line));
        }
    }
    match res.failure() {
        Some(failure) => anyhow::bail!("the guest failed: {failure}"),
        None => Ok(()),
    }
}
