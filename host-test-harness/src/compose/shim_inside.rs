//! A shim composed inside an app: the shim's exports meet the app's
//! imports of the same names, and the result exports the app's handler.
//! [`proxy_only`](super::proxy_only) and
//! [`with_config`](super::with_config) are this with their own shim.

use wac_graph::types::Package;
use wac_graph::{CompositionGraph, EncodeOptions};

use super::error::{ComposeError, Part};
use super::handler::handler_of;

/// The composed component, and the app's imports the shim did not meet
/// (which the composed component still imports).
pub(super) struct ShimInside {
    /// The app with the shim inside.
    pub(super) component: Vec<u8>,
    /// What it still imports from the host.
    pub(super) unmet: Vec<String>,
}

/// Composes the shim `shim_for(app's imports)` returns inside `app`.
///
/// # Errors
///
/// [`ComposeError::NotAComponent`] for `app`, [`ComposeError::AppExportsNoHandler`],
/// what `shim_for` returns, and [`ComposeError::Encode`].
pub(super) fn compose_shim_inside(
    app: &[u8],
    shim_for: impl FnOnce(&[String]) -> Result<Vec<u8>, ComposeError>,
) -> Result<ShimInside, ComposeError> {
    let encode = |e: &dyn std::fmt::Display| ComposeError::Encode(format!("{e:#}"));
    let mut graph = CompositionGraph::new();
    let package = Package::from_bytes("edge:app", None, app, graph.types_mut()).map_err(|e| {
        ComposeError::NotAComponent {
            part: Part::App,
            reason: format!("{e:#}"),
        }
    })?;
    let handler = handler_of(&graph.types()[package.ty()])
        .export
        .ok_or(ComposeError::AppExportsNoHandler)?;
    let app_imports: Vec<String> = graph.types()[package.ty()]
        .imports
        .keys()
        .cloned()
        .collect();
    let shim = Package::from_bytes(
        "edge:shim",
        None,
        shim_for(&app_imports)?,
        graph.types_mut(),
    )
    .map_err(|e| encode(&e))?;
    let shim_exports: Vec<String> = graph.types()[shim.ty()].exports.keys().cloned().collect();
    let app_id = graph.register_package(package).map_err(|e| encode(&e))?;
    let shim_id = graph.register_package(shim).map_err(|e| encode(&e))?;

    let shim_instance = graph.instantiate(shim_id);
    let app_instance = graph.instantiate(app_id);
    // In the order the app imports them: a resource before the functions
    // that return it.
    let (met, unmet): (Vec<String>, Vec<String>) = app_imports
        .into_iter()
        .partition(|name| shim_exports.contains(name));
    for name in &met {
        let export = graph
            .alias_instance_export(shim_instance, name)
            .map_err(|e| encode(&e))?;
        graph
            .set_instantiation_argument(app_instance, name, export)
            .map_err(|e| encode(&anyhow::Error::new(e)))?;
    }
    let export = graph
        .alias_instance_export(app_instance, &handler)
        .map_err(|e| encode(&e))?;
    graph.export(export, &handler).map_err(|e| encode(&e))?;
    let component = graph
        .encode(EncodeOptions::default())
        .map_err(|e| encode(&anyhow::Error::new(e)))?;
    Ok(ShimInside { component, unmet })
}
