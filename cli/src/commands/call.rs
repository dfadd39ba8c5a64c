//! `edge call`.

use std::path::Path;

use edge_harness::TestApp;

/// Sends `GET target` through a fresh instance and prints the answer, and
/// the guest's failure if it had one.
pub(super) fn run(path: &Path, target: &str) -> anyhow::Result<()> {
    let app = if path.is_dir() {
        TestApp::builder().package(path)?
    } else {
        TestApp::from_file(super::component_for(path)?)?
    };
    let res = app.get(target).send()?;
    println!("{}", res.status());
    for (name, value) in res.headers() {
        println!("{name}: {}", String::from_utf8_lossy(value.as_bytes()));
    }
    println!();
    println!("{}", res.text());
    if !res.stderr().is_empty() {
        eprintln!("--- guest stderr ---\n{}", res.stderr());
    }
    if let Some(failure) = res.failure() {
        eprintln!("--- failure ---\n{failure}");
    }
    Ok(())
}
