//! [`proxy_only`]: an app, or a composition, with the CLI shim composed
//! inside, so that it imports only the `wasi:http/proxy` world.

use super::cli_shim::cli_shim;
use super::error::ComposeError;
use super::host_flags::in_proxy_world;
use super::shim_inside::compose_shim_inside;

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
    let inside = compose_shim_inside(app, |_| {
        cli_shim().map_err(|e| ComposeError::Encode(format!("{e:#}")))
    })?;
    let beyond: Vec<String> = inside
        .unmet
        .into_iter()
        .filter(|name| !in_proxy_world(name))
        .collect();
    if beyond.is_empty() {
        let mut component = inside.component;
        // The shim's composition drops the app's custom sections: keep
        // the list of keys written inside.
        if let Some(keys) = super::config_inside(app) {
            super::with_config::mark_config_inside(&mut component, &keys);
        }
        Ok(component)
    } else {
        Err(ComposeError::BeyondProxy { imports: beyond })
    }
}
