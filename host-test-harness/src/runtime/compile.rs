//! Compiling a component on the shared engine, with clear errors for files
//! that are not components.

use wasmtime::component::Component;

use super::engine;

/// Compiles a component, with a clear error for a core module or non-wasm.
///
/// # Errors
///
/// When `bytes` are not WebAssembly, are a core module, or do not validate.
pub fn compile(bytes: &[u8]) -> anyhow::Result<Component> {
    compile_for(&engine::shared(), bytes)
}

/// Compiles a component for `engine`.
pub(crate) fn compile_for(engine: &wasmtime::Engine, bytes: &[u8]) -> anyhow::Result<Component> {
    if !bytes.starts_with(b"\0asm") {
        anyhow::bail!("not a WebAssembly file (no `\\0asm` header)");
    }
    if bytes.get(4..8) == Some(&[1, 0, 0, 0]) {
        anyhow::bail!(
            "a core WebAssembly module, not a component: build the app for \
             `wasm32-wasip2` (cargo build --release --target wasm32-wasip2)"
        );
    }
    Ok(Component::new(engine, bytes)?)
}
