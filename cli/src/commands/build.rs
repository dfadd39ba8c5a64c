//! `edge build`.

use std::path::Path;

use edge_harness::ComponentInfo;

/// Builds the app and prints its size, imports (and which hosts give them)
/// and exports.
pub(super) fn run(path: &Path) -> anyhow::Result<()> {
    let wasm = super::component_for(path)?;
    let info = ComponentInfo::read(&wasm)?;
    println!("{} ({} bytes)", wasm.display(), info.size);
    for import in &info.imports {
        println!("  imports {import}  {}", host_support(import));
    }
    for export in &info.exports {
        println!("  exports {export}");
    }
    Ok(())
}

/// Which standard hosts give a guest `import`, and how.
fn host_support(import: &str) -> &'static str {
    if import.starts_with("wasi:keyvalue/") {
        "(standard; `wasmtime serve -S keyvalue`)"
    } else if import.starts_with("wasi:config/") {
        "(standard; `wasmtime serve -S config`)"
    } else if import.starts_with("wasi:http/") {
        "(standard; every wasi:http host)"
    } else if import.starts_with("wasi:") {
        "(standard; `wasmtime serve -S cli`)"
    } else {
        "(not standard: only a host that knows it can run this app)"
    }
}
