//! [`proxy_only`]: an app, or a composition, with the CLI shim composed
//! inside, so that it imports only the `wasi:http/proxy` world.

use wac_graph::types::Package;
use wac_graph::{CompositionGraph, EncodeOptions};

use super::cli_shim::cli_shim;
use super::error::{ComposeError, Part};
use super::handler::handler_of;
use super::host_flags::in_proxy_world;

/// Composes the CLI shim into `app` (an app or an app with plugins
/// composed): the `wasi:cli` environment, exit and terminal imports and
/// `wasi:random/insecure-seed`, which Rust's std imports, are met inside
/// the component (no environment, no terminals; `exit` traps), so it runs
/// on a host that gives only the `wasi:http/proxy` world, such as
/// `wasmtime serve` with no `-S` flag.
///
/// # Errors
///
/// [`ComposeError::NotAComponent`] and [`ComposeError::AppExportsNoHandler`]
/// as [`compose`](super::compose) says them, and
/// [`ComposeError::BeyondProxy`] when the app imports more than the shim
/// and the proxy world give (a key-value store, configuration, sockets...).
pub fn proxy_only(app: &[u8]) -> Result<Vec<u8>, ComposeError> {
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
    let shim_bytes = cli_shim().map_err(|e| ComposeError::Encode(format!("{e:#}")))?;
    let shim = Package::from_bytes("edge:cli-shim", None, shim_bytes, graph.types_mut())
        .map_err(|e| ComposeError::Encode(format!("{e:#}")))?;
    let shim_exports: Vec<String> = graph.types()[shim.ty()].exports.keys().cloned().collect();
    let app_id = graph
        .register_package(package)
        .map_err(|e| ComposeError::Encode(e.to_string()))?;
    let shim_id = graph
        .register_package(shim)
        .map_err(|e| ComposeError::Encode(e.to_string()))?;

    let shim_instance = graph.instantiate(shim_id);
    let app_instance = graph.instantiate(app_id);
    // In the order the app imports them: a terminal's resource before the
    // functions that return it.
    for name in app_imports
        .iter()
        .filter(|name| shim_exports.contains(name))
    {
        let export = graph
            .alias_instance_export(shim_instance, name)
            .map_err(|e| ComposeError::Encode(e.to_string()))?;
        graph
            .set_instantiation_argument(app_instance, name, export)
            .map_err(|e| ComposeError::Encode(format!("{e:#}")))?;
    }
    let beyond: Vec<String> = app_imports
        .into_iter()
        .filter(|name| !shim_exports.contains(name) && !in_proxy_world(name))
        .collect();
    if !beyond.is_empty() {
        return Err(ComposeError::BeyondProxy { imports: beyond });
    }
    let export = graph
        .alias_instance_export(app_instance, &handler)
        .map_err(|e| ComposeError::Encode(e.to_string()))?;
    graph
        .export(export, &handler)
        .map_err(|e| ComposeError::Encode(e.to_string()))?;
    graph
        .encode(EncodeOptions::default())
        .map_err(|e| ComposeError::Encode(format!("{:#}", anyhow::Error::new(e))))
}
