//! [`compose`] over component files and plugin packages, for the host's
//! loaders and the `edge` command.

use std::hash::{DefaultHasher, Hash as _, Hasher as _};
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::compose;
use crate::build::{Progress, build_package};

/// Composes the plugins at `plugins` (request order) in front of the app
/// component `app`, as [`compose_files`] does; a plugin given as a
/// directory is a Cargo package, built first (once per process) with
/// `progress`.
///
/// # Errors
///
/// A plugin package that does not build, or an error of [`compose_files`].
pub fn with_plugins(
    app: &Path,
    plugins: &[PathBuf],
    progress: Progress,
) -> anyhow::Result<PathBuf> {
    compose_files(app, &plugin_components(plugins, progress)?)
}

/// The component file of each plugin in `plugins`: a file as it is, a
/// directory as a Cargo package built (once per process) with `progress`.
///
/// # Errors
///
/// A path that does not exist, or a plugin package that does not build.
pub fn plugin_components(plugins: &[PathBuf], progress: Progress) -> anyhow::Result<Vec<PathBuf>> {
    plugins
        .iter()
        .map(|plugin| {
            if plugin.is_dir() {
                build_package(plugin, progress)
            } else if plugin.exists() {
                Ok(plugin.clone())
            } else {
                anyhow::bail!("the plugin {}: no such file or directory", plugin.display())
            }
        })
        .collect()
}

/// Composes the plugin files `plugins` (request order) in front of the app
/// file `app`, writes the result to the system's temporary folder and
/// returns its path; with no plugins, returns `app`. The file is named by
/// its content, so composing the same parts again reuses it.
///
/// # Errors
///
/// As [`compose_paths`], or when the result cannot be written.
pub fn compose_files(app: &Path, plugins: &[PathBuf]) -> anyhow::Result<PathBuf> {
    if plugins.is_empty() {
        return Ok(app.to_owned());
    }
    write_by_content(&compose_paths(app, plugins)?)
}

/// [`compose`] over the component files `app` and `plugins` (request
/// order): the composed component's bytes.
///
/// # Errors
///
/// A file that cannot be read, or the [`ComposeError`](super::ComposeError)
/// of [`compose`] (which `downcast_ref` finds), under a line that names the
/// files.
pub fn compose_paths(app: &Path, plugins: &[PathBuf]) -> anyhow::Result<Vec<u8>> {
    let read = |path: &Path| {
        std::fs::read(path).with_context(|| format!("cannot read the component {}", path.display()))
    };
    let app_bytes = read(app)?;
    let plugin_bytes = plugins
        .iter()
        .map(|path| read(path))
        .collect::<anyhow::Result<Vec<_>>>()?;
    compose(&app_bytes, &plugin_bytes).map_err(|e| {
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

/// Writes `bytes` to `<temp>/edge-compose/<hash>.wasm` (through a file of
/// its own renamed into place, so that processes composing the same parts
/// at once never read half a file) and returns the path.
fn write_by_content(bytes: &[u8]) -> anyhow::Result<PathBuf> {
    let dir = std::env::temp_dir().join("edge-compose");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    let path = dir.join(format!("{:016x}-{}.wasm", hasher.finish(), bytes.len()));
    if std::fs::read(&path).is_ok_and(|existing| existing == bytes) {
        return Ok(path);
    }
    let partial = dir.join(format!(
        ".{:016x}.{}.{:?}.partial",
        hasher.finish(),
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::write(&partial, bytes)
        .and_then(|()| std::fs::rename(&partial, &path))
        .with_context(|| format!("cannot write the composed component {}", path.display()))?;
    Ok(path)
}
