//! [`with_config`]: configuration written inside a component, for hosts
//! that give no `wasi:config`.

use std::collections::BTreeMap;

use super::config_shim::config_shim;
use super::error::ComposeError;
use super::shim_inside::compose_shim_inside;

/// The interface whose import [`with_config`] meets, without its version.
const CONFIG_STORE: &str = "wasi:config/store@";

/// Composes a shim inside `app` (an app, or an app with plugins composed)
/// that answers its `wasi:config/store` import from `values`: the result
/// no longer imports `wasi:config`, so it runs on `wasmtime serve -S cli`
/// (and, through [`proxy_only`](super::proxy_only), with no `-S` flag).
/// Keys are matched exactly, as `edge serve` matches them.
///
/// The values are in the component's bytes: whoever has the file can read
/// them. Give secrets through a host's `wasi:config` (`edge serve
/// --config`, `wasmtime serve -S config`) when the file travels.
///
/// ```no_run
/// use std::collections::BTreeMap;
///
/// let app = std::fs::read("target/wasm32-wasip2/release/app.wasm")?;
/// let values = BTreeMap::from([("auth.token".to_owned(), "s3cret".to_owned())]);
/// let configured = edge_harness::compose::with_config(&app, &values)?;
/// # let _ = configured;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`ComposeError::NotAComponent`] and [`ComposeError::AppExportsNoHandler`]
/// as [`compose`](super::compose) says them, and
/// [`ComposeError::NoConfigImport`] when no part reads configuration.
pub fn with_config(app: &[u8], values: &BTreeMap<String, String>) -> Result<Vec<u8>, ComposeError> {
    let mut component = app.to_vec();
    // One shim per version of the interface the parts import (parts built
    // against different versions each read the same values).
    let mut versions_met = 0;
    loop {
        let inside = compose_shim_inside(&component, |imports| {
            let version = imports
                .iter()
                .find_map(|name| name.strip_prefix(CONFIG_STORE))
                .ok_or(ComposeError::NoConfigImport)?;
            config_shim(version, values).map_err(|e| ComposeError::Encode(format!("{e:#}")))
        });
        match inside {
            Ok(inside) => {
                component = inside.component;
                versions_met += 1;
                if !inside
                    .unmet
                    .iter()
                    .any(|name| name.starts_with(CONFIG_STORE))
                {
                    return Ok(component);
                }
            }
            Err(ComposeError::NoConfigImport) if versions_met > 0 => return Ok(component),
            Err(error) => return Err(error),
        }
    }
}
