//! The WASI versions the harness names, each written once.

/// The WASI 0.2 patch version of the interfaces Rust 1.95's std and the
/// edge SDK import (`wasi:cli/environment@0.2.6`): what the shims composed
/// into components speak. A macro, so that `concat!` can build names with
/// it at compile time.
macro_rules! wasi_p2 {
    () => {
        "0.2.6"
    };
}
pub(crate) use wasi_p2;

/// `wasi:keyvalue`'s version: the one `wasmtime-wasi-keyvalue` 48 and
/// `wasmtime serve -S keyvalue` provide.
pub(crate) const KEYVALUE: &str = "0.2.0-draft";

/// `wasi:config`'s version: the one `wasmtime-wasi-config` 48 and
/// `wasmtime serve -S config` provide.
pub(crate) const CONFIG: &str = "0.2.0-rc.1";

/// The `wasi:http` version wasmtime-wasi-http 48 defines its host
/// functions under; guests asking for an older 0.2 patch are linked to it.
pub(crate) const HOST_HTTP: &str = "0.2.12";
