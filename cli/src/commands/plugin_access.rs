//! [`plugin_access`]: what a composed plugin may use, as `edge compose`
//! and `edge build` print it beside the plugin.

use std::collections::BTreeMap;
use std::path::Path;

use edge_harness::compose::Plugin;
use edge_harness::settings::PluginGrant;

/// What the plugin at `path` may use: its own configuration keys, and
/// what `grants` gives its name (`reads config auth.* and shared.region;
/// sends requests to idp.example.com`, or `...; sends no request`).
pub(super) fn plugin_access(path: &Path, grants: &BTreeMap<String, PluginGrant>) -> String {
    let name = Plugin::named_after(path);
    let grant = grants.get(&name).cloned().unwrap_or_default();
    let mut text = format!("reads config {name}.*");
    for key in &grant.config {
        text.push_str(&format!(" and {key}"));
    }
    if grant.outbound.is_empty() {
        text.push_str("; sends no request");
    } else {
        text.push_str(&format!(
            "; sends requests to {}",
            grant.outbound.join(", ")
        ));
    }
    text
}
