//! `edge new`.

use std::path::{Path, PathBuf};

use crate::scaffold::SdkSource;

/// Creates the app and says how to test and serve it, in commands that
/// work as printed: `edge` if it is on the PATH, else this very binary.
pub(super) fn run(name: &str, checkout: Option<&Path>) -> anyhow::Result<()> {
    let source = match checkout {
        Some(root) => SdkSource::checkout(root)?,
        None => SdkSource::Registry,
    };
    let dir = crate::scaffold::new_app(Path::new("."), name, &source)?;
    println!("created {}", dir.display());
    println!("  cd {}", dir.display());
    println!("  cargo test                  # its test, in-process");
    println!(
        "  {} serve --watch   # http://127.0.0.1:7676, rebuilt on every save",
        edge_command().display()
    );
    Ok(())
}

/// How to run this command again: `edge` when the PATH finds this binary
/// under that name, else its full path.
fn edge_command() -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join("edge").is_file()));
    match std::env::current_exe() {
        Ok(exe) if !on_path => exe,
        _ => PathBuf::from("edge"),
    }
}
