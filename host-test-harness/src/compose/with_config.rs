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
    let mut component = shims_for(app, values)?;
    // The keys (never the values), for a host to say that its own
    // configuration would be ignored.
    mark_config_inside(&mut component, values.keys());
    Ok(component)
}

/// Lists `keys` in a custom section at the end of `component`.
pub(super) fn mark_config_inside<'a>(
    component: &mut Vec<u8>,
    keys: impl IntoIterator<Item = &'a String>,
) {
    let keys = keys
        .into_iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("\n");
    component.push(0);
    wasm_encoder::Encode::encode(
        &wasm_encoder::CustomSection {
            name: CONFIG_INSIDE.into(),
            data: keys.as_bytes().into(),
        },
        component,
    );
}

/// The custom section where [`with_config`] lists the keys it wrote inside.
const CONFIG_INSIDE: &str = "edge:config-inside";

/// The configuration keys [`with_config`] wrote inside `component`, or
/// `None` if it wrote none there (its configuration, if it reads any,
/// comes from the host).
pub fn config_inside(component: &[u8]) -> Option<Vec<String>> {
    wasmparser::Parser::new(0)
        .parse_all(component)
        .map_while(Result::ok)
        .find_map(|payload| match payload {
            wasmparser::Payload::CustomSection(section) if section.name() == CONFIG_INSIDE => {
                let keys = String::from_utf8_lossy(section.data());
                Some(keys.lines().map(str::to_owned).collect())
            }
            _ => None,
        })
}

/// `app` with a shim inside for each version of `wasi:config/store` its
/// parts import, answering from `values`.
fn shims_for(app: &[u8], values: &BTreeMap<String, String>) -> Result<Vec<u8>, ComposeError> {
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
