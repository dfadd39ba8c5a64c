//! [`ComponentInfo`]: what a component imports and exports.

use std::path::Path;

use anyhow::Context as _;

use crate::runtime::{WasiHttpVersion, compile, engine};

/// The interfaces a component imports from its host and exports to it.
///
/// ```no_run
/// let info = edge_harness::ComponentInfo::read("app.wasm")?;
/// assert!(info.exports.iter().any(|e| e.starts_with("wasi:http/incoming-handler@0.2")));
/// # Ok::<(), edge_harness::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ComponentInfo {
    /// Imported interface names, such as `wasi:io/streams@0.2.6`.
    pub imports: Vec<String>,
    /// Exported interface names, such as `wasi:http/incoming-handler@0.2.6`.
    pub exports: Vec<String>,
    /// The component's size in bytes.
    pub size: u64,
}

impl ComponentInfo {
    /// The `wasi:http` version of the handler the component exports, if it
    /// exports one.
    pub fn wasi_http(&self) -> Option<WasiHttpVersion> {
        self.exports
            .iter()
            .find_map(|name| WasiHttpVersion::of_handler(name))
    }

    /// Reads and compiles the component at `path` to list its interfaces.
    pub fn read(path: impl AsRef<Path>) -> anyhow::Result<Self> {
        let path = path.as_ref();
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let component =
            compile(&bytes).with_context(|| format!("cannot load {}", path.display()))?;
        let engine = engine::shared();
        let ty = component.component_type();
        Ok(Self {
            imports: ty
                .imports(&engine)
                .map(|(name, _)| name.to_owned())
                .collect(),
            exports: ty
                .exports(&engine)
                .map(|(name, _)| name.to_owned())
                .collect(),
            size: bytes.len() as u64,
        })
    }
}
