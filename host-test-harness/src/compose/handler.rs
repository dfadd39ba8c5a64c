//! Finding a component's `wasi:http/incoming-handler` import and export.

use wac_graph::types::{ItemKind, World};

/// The interface a plugin imports and exports, and an app exports, at
/// any 0.2 patch version.
const HANDLER_PREFIX: &str = "wasi:http/incoming-handler@0.2.";

/// WASI 0.3's handler, which plugins are not composed over.
const P3_HANDLER_PREFIX: &str = "wasi:http/handler@0.3.";

/// The names under which a component imports and exports the handler.
#[derive(Debug, Default)]
pub(super) struct Handler {
    /// The import's name, if it imports one.
    pub(super) import: Option<String>,
    /// The export's name, if it exports one.
    pub(super) export: Option<String>,
    /// It exports WASI 0.3's `wasi:http/handler` instead.
    pub(super) exports_p3: bool,
}

/// Where `world` (a component's type) imports and exports the handler.
pub(super) fn handler_of(world: &World) -> Handler {
    Handler {
        import: find(&world.imports),
        export: find(&world.exports),
        exports_p3: world
            .exports
            .keys()
            .any(|name| name.starts_with(P3_HANDLER_PREFIX)),
    }
}

fn find<'a>(items: impl IntoIterator<Item = (&'a String, &'a ItemKind)>) -> Option<String> {
    items
        .into_iter()
        .find(|(name, kind)| {
            name.starts_with(HANDLER_PREFIX) && matches!(kind, ItemKind::Instance(_))
        })
        .map(|(name, _)| name.clone())
}
