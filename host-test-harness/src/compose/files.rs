//! [`compose`] over component files and plugin packages, for the host's
//! loaders and the `edge` command.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::handler::handler_version;
use super::{ComponentBytes, Plugin, compose};
use crate::build::{AppBuild, Progress};
use crate::runtime::WasiHttpVersion;
use crate::settings::PluginGrant;

/// Composes the plugins at `plugins` (request order) in front of the app
/// component `app`, in memory, each with what `grants` gives it by name;
/// a plugin given as a directory is a Cargo package, built first (once per
/// process) with `progress`, for the WASI version the app speaks. With no
/// plugins, the app's file as it is.
///
/// # Errors
///
/// A file that cannot be read, a plugin package that does not build, or
/// an error of [`compose_paths`].
pub fn with_plugins(
    app: &Path,
    plugins: &[PathBuf],
    grants: &BTreeMap<String, PluginGrant>,
    progress: Progress,
) -> anyhow::Result<ComponentBytes> {
    let app_component = ComponentBytes::read(app)?;
    if plugins.is_empty() {
        return Ok(app_component);
    }
    let app_bytes = app_component.bytes();
    let wasi = handler_version(app_bytes).unwrap_or(WasiHttpVersion::P2);
    let files = plugin_components(plugins, wasi, progress)?;
    let names = files
        .iter()
        .map(|file| file.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    Ok(ComponentBytes::new(
        compose_loaded(app, app_bytes, &files, grants)?,
        format!("{} behind the plugins {names}", app.display()),
    ))
}

/// The component file of each plugin in `plugins`: a file as it is, a
/// directory as a Cargo package built (once per process) for `wasi` with
/// `progress`.
///
/// # Errors
///
/// A path that does not exist, or a plugin package that does not build.
pub fn plugin_components(
    plugins: &[PathBuf],
    wasi: WasiHttpVersion,
    progress: Progress,
) -> anyhow::Result<Vec<PathBuf>> {
    plugins
        .iter()
        .map(|plugin| {
            if plugin.is_dir() {
                Ok(AppBuild::new(plugin)
                    .progress(progress)
                    .wasi(wasi)
                    .run()?
                    .component)
            } else if plugin.exists() {
                Ok(plugin.clone())
            } else {
                anyhow::bail!("the plugin {}: no such file or directory", plugin.display())
            }
        })
        .collect()
}

/// [`compose`] over the component files `app` and `plugins` (request
/// order): the composed component's bytes. Each plugin is named after
/// its file ([`Plugin::named_after`]): `auth.wasm` reads the keys `auth.*`,
/// and what `grants` gives that name.
///
/// # Errors
///
/// A file that cannot be read; a grant for a name no plugin has (a typo
/// would otherwise grant nothing, silently); or the
/// [`ComposeError`](super::ComposeError) of [`compose`] (which
/// `downcast_ref` finds), under a line that names the files.
pub fn compose_paths(
    app: &Path,
    plugins: &[PathBuf],
    grants: &BTreeMap<String, PluginGrant>,
) -> anyhow::Result<Vec<u8>> {
    compose_loaded(app, ComponentBytes::read(app)?.bytes(), plugins, grants)
}

/// [`compose_paths`] for an app already read: `app_bytes` are the bytes
/// of the file `app` (which names it in errors).
///
/// # Errors
///
/// As [`compose_paths`].
pub fn compose_loaded(
    app: &Path,
    app_bytes: &[u8],
    plugins: &[PathBuf],
    grants: &BTreeMap<String, PluginGrant>,
) -> anyhow::Result<Vec<u8>> {
    let read = |path: &Path| {
        std::fs::read(path).with_context(|| format!("cannot read the component {}", path.display()))
    };
    let names: Vec<String> = plugins
        .iter()
        .map(|path| Plugin::named_after(path))
        .collect();
    if let Some(stray) = grants.keys().find(|name| !names.contains(name)) {
        anyhow::bail!(
            "[plugins.grants.{stray}] names no plugin of the chain (its plugins are named {}): \
             name a plugin after its file or folder, less `edge-plugin-`",
            names.join(", ")
        );
    }
    let plugin_parts = plugins
        .iter()
        .zip(names)
        .map(|(path, name)| {
            let mut plugin = Plugin::new(name, read(path)?);
            if let Some(grant) = grants.get(&plugin.name) {
                plugin.grants.clone_from(&grant.config);
                plugin.outbound.clone_from(&grant.outbound);
            }
            Ok(plugin)
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    compose(app_bytes, &plugin_parts).map_err(|e| {
        let list = plugins
            .iter()
            .enumerate()
            .map(|(i, path)| format!("plugin {} = {}", i + 1, path.display()))
            .collect::<Vec<_>>()
            .join(", ");
        anyhow::Error::new(e).context(format!(
            "cannot compose {list} in front of the app {}",
            app.display()
        ))
    })
}
