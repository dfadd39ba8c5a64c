//! The `edge` command: build an app and call it in-process.
//!
//! ```text
//! edge build [PATH]            build PATH for wasm32-wasip2; print size and imports
//! edge call PATH [TARGET]      build PATH, send one GET TARGET (default /), print the answer
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use edge_harness::{ComponentInfo, Progress, TestApp, build_package};

const USAGE: &str = "usage:
  edge build [PATH]          build the app in PATH (default .) for wasm32-wasip2,
                             print its size and the interfaces it imports
  edge call PATH [TARGET]    build the app (or load a .wasm), send GET TARGET
                             (default /) through a fresh instance, print the answer";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["build"] => build(Path::new(".")),
        ["build", path] => build(Path::new(path)),
        ["call", path] => call(Path::new(path), "/"),
        ["call", path, target] => call(Path::new(path), target),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// A `.wasm` file as it is; anything else is a package to build.
fn component(path: &Path) -> edge_harness::Result<PathBuf> {
    if path.extension().is_some_and(|e| e == "wasm") {
        Ok(path.to_owned())
    } else {
        build_package(path, Progress::Show)
    }
}

fn build(path: &Path) -> edge_harness::Result<()> {
    let wasm = component(path)?;
    let info = ComponentInfo::read(&wasm)?;
    println!("{} ({} bytes)", wasm.display(), info.size);
    for import in &info.imports {
        println!("  imports {import}");
    }
    for export in &info.exports {
        println!("  exports {export}");
    }
    Ok(())
}

fn call(path: &Path, target: &str) -> edge_harness::Result<()> {
    let app = TestApp::from_file(component(path)?)?;
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
