//! Finding a component's `wasi:http` handler import and export: WASI
//! 0.2's `incoming-handler` or 0.3's `handler`.

use wac_graph::types::{ItemKind, World};

use crate::runtime::WasiHttpVersion;

/// The names under which a component imports and exports the handler.
#[derive(Debug, Default)]
pub(super) struct Handler {
    /// The import's name, if it imports one.
    pub(super) import: Option<String>,
    /// The export's name, if it exports one.
    pub(super) export: Option<String>,
    /// The version of its handler (the export's, else the import's).
    pub(super) version: Option<WasiHttpVersion>,
}

/// Where `world` (a component's type) imports and exports the handler.
pub(super) fn handler_of(world: &World) -> Handler {
    let import = find(&world.imports);
    let export = find(&world.exports);
    let version = export.as_ref().or(import.as_ref()).map(|(_, v)| *v);
    Handler {
        import: import.map(|(name, _)| name),
        export: export.map(|(name, _)| name),
        version,
    }
}

fn find<'a>(
    items: impl IntoIterator<Item = (&'a String, &'a ItemKind)>,
) -> Option<(String, WasiHttpVersion)> {
    items.into_iter().find_map(|(name, kind)| {
        let version = WasiHttpVersion::of_handler(name)?;
        matches!(kind, ItemKind::Instance(_)).then(|| (name.clone(), version))
    })
}

/// The `wasi:http` version of the handler `component` exports (or, for a
/// plugin, imports): what its plugins are built for. `None` if it is not
/// a component or has no handler.
pub fn handler_version(component: &[u8]) -> Option<WasiHttpVersion> {
    let mut types = wac_graph::types::Types::default();
    let package =
        wac_graph::types::Package::from_bytes("edge:part", None, component, &mut types).ok()?;
    handler_of(&types[package.ty()]).version
}
