//! `edge new`.

use std::path::Path;

/// Creates the app and says how to test and serve it.
pub(super) fn run(name: &str) -> anyhow::Result<()> {
    let dir = crate::scaffold::new_app(Path::new("."), name)?;
    println!("created {}", dir.display());
    println!("  cargo test --manifest-path {}/Cargo.toml", dir.display());
    println!("  edge serve {}", dir.display());
    Ok(())
}
