//! Composition: plugin components in front of an app, as one standard
//! component (the talk's marketplace).
//!
//! A plugin imports `wasi:http/incoming-handler` and exports it (see
//! `#[edge::plugin]`); [`compose`] links each plugin's import to the
//! export of the part after it, on `wac-graph`. What the parts import from
//! the host (`wasi:http/types`, `wasi:cli`, `wasi:keyvalue`...) the
//! composed component imports once, so it runs on any host that ran its
//! parts. `edge compose`, `edge serve --plugin`, the `[plugins]` of
//! `edge.toml` and [`TestAppBuilder::plugin`](crate::TestAppBuilder::plugin)
//! all go through it. Each plugin reads only the configuration filed
//! under its [`Plugin`] name, through a filter composed inside
//! (`config_filter`): any host that runs the result enforces it.
//!
//! The same step makes proxy-only builds: [`proxy_only`] composes a small
//! shim inside an app that meets what Rust's std imports beyond the
//! `wasi:http/proxy` world, so the result runs on any proxy host
//! (`wasmtime serve` with no `-S` flag); [`with_config`] writes
//! configuration inside, for hosts that give no `wasi:config`;
//! [`host_command`] says what a component's imports need.

mod chain;
mod cli_shim;
mod component_bytes;
mod config_filter;
mod config_shim;
mod core_wasm;
mod error;
mod files;
mod handler;
mod host_flags;
mod kv_filter;
mod outbound_filter;
mod plugin;
mod plugin_wit;
mod proxy_only;
mod shim_encoding;
mod shim_inside;
#[cfg(test)]
mod tests;
mod with_config;

pub use chain::{MAX_PLUGINS, compose};
pub use component_bytes::ComponentBytes;
pub use error::{ComposeError, Part};
pub use files::{compose_loaded, compose_paths, plugin_components, with_plugins};
pub use handler::handler_version;
pub use host_flags::{HostNeed, host_command, host_need};
pub use plugin::{PACKAGE_PREFIX, Plugin};
pub use proxy_only::proxy_only;
pub use with_config::{config_inside, with_config};
