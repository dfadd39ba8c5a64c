//! [`compose`]: plugins in front of an app, on `wac-graph`, each plugin
//! that reads configuration behind a filter that answers its own keys
//! alone.

use wac_graph::types::{Package, World};
use wac_graph::{
    CompositionGraph, EncodeError, EncodeOptions, InstantiationArgumentError, NodeId, PackageId,
};

use super::config_filter::{Grant, config_filter};
use super::error::{ComposeError, Part};
use super::handler::{Handler, handler_of};
use super::kv_filter::kv_filter;
use super::outbound_filter::outbound_filter;
use super::plugin::Plugin;
use super::plugin_wit::PluginWit;

/// The configuration interface, without its version.
const CONFIG_STORE: &str = "wasi:config/store@";

/// The most plugins [`compose`] puts in front of one app.
pub const MAX_PLUGINS: usize = 32;

/// Composes `plugins` in front of `app`: a request reaches `plugins[0]`
/// first, each plugin passes it on to the next, and the last to the app.
/// The result is one standard component that exports the first plugin's
/// `wasi:http` handler (0.2's `incoming-handler` or 0.3's `handler`: every
/// part speaks the app's version) and imports what the parts import, each
/// interface once. With no plugins it is the app itself.
///
/// A plugin reads only the configuration keys under its name (the plugin
/// `auth`: `auth.token`, `auth.realm`...): each plugin that imports
/// `wasi:config/store` gets it through a filter composed inside the
/// result, so any host enforces it; `get` of another key is `none`, and
/// `get-all` lists its own keys alone. The app reads every key.
///
/// ```no_run
/// use edge_harness::compose::{Plugin, compose};
///
/// let app = std::fs::read("app.wasm")?;
/// let auth = Plugin::new("auth", std::fs::read("auth.wasm")?);
/// let composed = compose(&app, &[auth])?;
/// std::fs::write("composed.wasm", composed)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// A [`ComposeError`] that names the part: one that is not a component,
/// an app that exports no handler (or is a plugin), a plugin that does not
/// both import and export the handler, a plugin built for another WASI
/// version than the app, or a plugin whose imports the parts after it and
/// one host cannot meet; more than [`MAX_PLUGINS`] plugins; a plugin name
/// that cannot name configuration keys.
pub fn compose(app: &[u8], plugins: &[Plugin]) -> Result<Vec<u8>, ComposeError> {
    if plugins.len() > MAX_PLUGINS {
        return Err(ComposeError::TooManyPlugins {
            count: plugins.len(),
        });
    }
    for (index, plugin) in plugins.iter().enumerate() {
        plugin.check_name(Part::Plugin(index))?;
    }
    let mut graph = CompositionGraph::new();
    let (app_id, app_handler) = register(&mut graph, Part::App, app)?;
    let (app_export, app_version) = match app_handler {
        Handler {
            import: Some(_), ..
        } => return Err(ComposeError::AppIsAPlugin),
        Handler {
            export: Some(export),
            version: Some(version),
            ..
        } => (export, version),
        Handler { .. } => return Err(ComposeError::AppExportsNoHandler),
    };
    if plugins.is_empty() {
        return Ok(app.to_vec());
    }
    let mut parts = Vec::with_capacity(plugins.len() + 1);
    let mut next = graph.instantiate(app_id);
    parts.push((next, Part::App));
    let mut next_export = app_export;
    let mut next_part = Part::App;
    for (index, plugin) in plugins.iter().enumerate().rev() {
        let part = Part::Plugin(index);
        let (id, handler) = register(&mut graph, part, &plugin.component)?;
        let (import, export) = match handler {
            Handler {
                version: Some(version),
                ..
            } if version != app_version => {
                return Err(ComposeError::WasiMismatch {
                    part,
                    plugin: version,
                    app: app_version,
                });
            }
            Handler {
                import: Some(import),
                export: Some(export),
                ..
            } => (import, export),
            Handler { import, export, .. } => {
                return Err(ComposeError::NotAPlugin {
                    part,
                    imports_handler: import.is_some(),
                    exports_handler: export.is_some(),
                });
            }
        };
        let passed_on = alias(&mut graph, next, &next_export)?;
        let instance = graph.instantiate(id);
        filter_config(&mut graph, id, instance, index, plugin)?;
        let wit = PluginWit::decode(&plugin.component)
            .map_err(|e| ComposeError::Encode(format!("the WIT of plugin {}: {e:#}", index + 1)))?;
        filter_outbound(&mut graph, instance, index, plugin, &wit)?;
        filter_kv(&mut graph, instance, index, plugin, &wit)?;
        graph
            .set_instantiation_argument(instance, &import, passed_on)
            .map_err(|e| ComposeError::UnmetImport {
                part,
                import: import.clone(),
                reason: match e {
                    InstantiationArgumentError::ArgumentTypeMismatch { source, .. } => {
                        format!("{next_part} exports it with another type: {source:#}")
                    }
                    other => error_chain(&other),
                },
            })?;
        parts.push((instance, part));
        next = instance;
        next_export = export;
        next_part = part;
    }
    let first = alias(&mut graph, next, &next_export)?;
    graph
        .export(first, &next_export)
        .map_err(|e| ComposeError::Encode(error_chain(&e)))?;
    graph
        .encode(EncodeOptions::default())
        .map_err(|e| encode_error(&e, &parts))
}

/// Puts a [`config_filter`] between the `plugin`'s `instance` (of package
/// `id`, at `index`) and the host, if it reads configuration: it then
/// reads the keys under its name and those it is granted, alone.
fn filter_config(
    graph: &mut CompositionGraph,
    id: PackageId,
    instance: NodeId,
    index: usize,
    plugin: &Plugin,
) -> Result<(), ComposeError> {
    let Some(interface) = world_of(graph, id)
        .imports
        .keys()
        .find(|import| import.starts_with(CONFIG_STORE))
        .cloned()
    else {
        return Ok(());
    };
    let version = &interface[CONFIG_STORE.len()..];
    let grants: Vec<Grant> = std::iter::once(Grant::Prefix(format!("{}.", plugin.name)))
        .chain(plugin.grants.iter().cloned().map(Grant::Key))
        .collect();
    let filter = config_filter(version, &grants).map_err(|e| {
        ComposeError::Encode(format!("the config filter of plugin {}: {e:#}", index + 1))
    })?;
    interpose(graph, instance, index, &[interface], "config", filter)
}

/// Puts an [`outbound_filter`] between the `plugin`'s `instance` (at
/// `index`, of WIT `wit`) and the host, if it sends requests: it then reaches the
/// authorities it is granted alone (none unless the operator names some).
fn filter_outbound(
    graph: &mut CompositionGraph,
    instance: NodeId,
    index: usize,
    plugin: &Plugin,
    wit: &PluginWit,
) -> Result<(), ComposeError> {
    let filter = outbound_filter(wit, &plugin.outbound).map_err(|e| {
        ComposeError::Encode(format!(
            "the outbound filter of plugin {}: {e:#}",
            index + 1
        ))
    })?;
    match filter {
        Some((interface, filter)) => {
            interpose(graph, instance, index, &[interface], "outbound", filter)
        }
        None => Ok(()),
    }
}

/// Puts a [`kv_filter`] between the `plugin`'s `instance` (at `index`,
/// of WIT `wit`) and the host, if it uses key-value stores: every store it opens is
/// then named under its name (`rate-limit/`, `rate-limit/sessions`).
fn filter_kv(
    graph: &mut CompositionGraph,
    instance: NodeId,
    index: usize,
    plugin: &Plugin,
    wit: &PluginWit,
) -> Result<(), ComposeError> {
    let filter = kv_filter(wit, &plugin.name).map_err(|e| {
        ComposeError::Encode(format!(
            "the key-value filter of plugin {}: {e:#}",
            index + 1
        ))
    })?;
    match filter {
        Some((interfaces, filter)) => interpose(graph, instance, index, &interfaces, "kv", filter),
        None => Ok(()),
    }
}

/// The world (imports and exports) of the registered package `id`.
fn world_of(graph: &CompositionGraph, id: PackageId) -> &World {
    &graph.types()[graph[id].ty()]
}

/// Instantiates the `filter` component (of `kind`) and gives its exports
/// of `interfaces` to the plugin `instance` at `index`, in place of the
/// host's; the filter's own imports of them are the composition's.
fn interpose(
    graph: &mut CompositionGraph,
    instance: NodeId,
    index: usize,
    interfaces: &[String],
    kind: &str,
    filter: Vec<u8>,
) -> Result<(), ComposeError> {
    let package = Package::from_bytes(
        &format!("edge:{kind}-filter{index}"),
        None,
        filter,
        graph.types_mut(),
    )
    .map_err(|e| ComposeError::Encode(format!("{e:#}")))?;
    let filter_id = graph
        .register_package(package)
        .map_err(|e| ComposeError::Encode(error_chain(&e)))?;
    let filter_instance = graph.instantiate(filter_id);
    for interface in interfaces {
        let filtered = alias(graph, filter_instance, interface)?;
        graph
            .set_instantiation_argument(instance, interface, filtered)
            .map_err(|e| ComposeError::UnmetImport {
                part: Part::Plugin(index),
                import: interface.clone(),
                reason: format!("its {kind} filter: {}", error_chain(&e)),
            })?;
    }
    Ok(())
}

/// Registers a part with the graph and finds its handler import and export.
fn register(
    graph: &mut CompositionGraph,
    part: Part,
    bytes: &[u8],
) -> Result<(PackageId, Handler), ComposeError> {
    let name = match part {
        Part::App => "edge:app".to_owned(),
        Part::Plugin(index) => format!("edge:plugin{index}"),
    };
    let package = Package::from_bytes(&name, None, bytes, graph.types_mut()).map_err(|e| {
        ComposeError::NotAComponent {
            part,
            reason: not_a_component_reason(bytes, &e),
        }
    })?;
    let handler = handler_of(&graph.types()[package.ty()]);
    let id = graph
        .register_package(package)
        .map_err(|e| ComposeError::Encode(error_chain(&e)))?;
    Ok((id, handler))
}

fn alias(
    graph: &mut CompositionGraph,
    instance: NodeId,
    name: &str,
) -> Result<NodeId, ComposeError> {
    graph
        .alias_instance_export(instance, name)
        .map_err(|e| ComposeError::Encode(error_chain(&e)))
}

/// What the parser's error means for someone holding the file.
fn not_a_component_reason(bytes: &[u8], error: &anyhow::Error) -> String {
    if !bytes.starts_with(b"\0asm") {
        "not WebAssembly (no `\\0asm` header)".to_owned()
    } else if bytes.get(4..8) == Some(&[1, 0, 0, 0]) {
        "a core WebAssembly module; build it for `wasm32-wasip2`".to_owned()
    } else {
        format!("{error:#}")
    }
}

/// Names the plugin behind an encoding error where the error says which.
fn encode_error(error: &EncodeError, parts: &[(NodeId, Part)]) -> ComposeError {
    let part_of = |node: NodeId| {
        parts
            .iter()
            .find(|(id, _)| *id == node)
            .map_or(Part::App, |(_, part)| *part)
    };
    match error {
        EncodeError::ImportTypeMergeConflict {
            import,
            first,
            second,
            source,
        } => {
            // The later part in request order is the one that disagrees
            // with what the parts after it already import.
            let (a, b) = (part_of(*first), part_of(*second));
            let part = match (a, b) {
                (Part::Plugin(x), Part::Plugin(y)) => Part::Plugin(x.min(y)),
                (Part::Plugin(_), _) => a,
                _ => b,
            };
            let other = if part == a { b } else { a };
            ComposeError::UnmetImport {
                part,
                import: import.clone(),
                reason: format!(
                    "{other} imports it with another type, and a host gives each interface \
                     once: {source:#}"
                ),
            }
        }
        other => ComposeError::Encode(error_chain(other)),
    }
}

/// An error and its sources, joined as anyhow's `{:#}` does.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
