//! `edge compose`: plugins in front of an app, and proxy-only builds, as
//! one standard component.

use std::collections::BTreeMap;

use edge_harness::compose::{
    compose_loaded, handler_version, host_command, plugin_components, proxy_only, with_config,
};
use edge_harness::settings::manifest_settings;
use edge_harness::{ComponentInfo, Limits, Progress};

use super::plugin_access::plugin_access;

use crate::args::ComposeArgs;

/// Builds what is given as a package, composes the plugins in front of the
/// app in the order given (then the config given with `--config` and the
/// CLI shim of `--proxy-only` inside),
/// writes the result and prints what it is made of and which host runs it.
pub(super) fn run(args: &ComposeArgs) -> anyhow::Result<()> {
    // The chain `edge serve` runs for the same folder: edge.toml's
    // [plugins], then those given here.
    let manifest = if args.app.is_dir() {
        manifest_settings(&args.app)?
    } else {
        Default::default()
    };
    let mut chain = manifest.plugins.clone();
    chain.extend(args.plugins.iter().cloned());
    if chain.is_empty() && args.config.is_empty() && !args.proxy_only {
        anyhow::bail!(
            "nothing to compose: give --plugin PLUGIN (or list plugins under [plugins] in the \
             app's edge.toml), --config KEY=VALUE or --proxy-only"
        );
    }
    let app = super::component_for(&args.app, true, Limits::default(), args.wasi)?;
    let app_bytes = std::fs::read(&app)
        .map_err(|e| anyhow::anyhow!("cannot read the component {}: {e}", app.display()))?;
    let wasi = handler_version(&app_bytes).unwrap_or(args.wasi);
    let plugins = plugin_components(&chain, wasi, Progress::Show)?;
    let mut composed = if plugins.is_empty() {
        app_bytes
    } else {
        compose_loaded(&app, &app_bytes, &plugins, &manifest.plugin_grants)?
    };
    let config: BTreeMap<String, String> = args.config.iter().cloned().collect();
    if !config.is_empty() {
        composed = with_config(&composed, &config)?;
    }
    if args.proxy_only {
        composed = proxy_only(&composed)?;
    }
    std::fs::write(&args.output, &composed)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", args.output.display()))?;

    let mut parts_size = 0;
    println!(
        "{} ({} bytes), in request order:",
        args.output.display(),
        composed.len()
    );
    for (index, plugin) in plugins.iter().enumerate() {
        let size = std::fs::metadata(plugin)?.len();
        parts_size += size;
        println!(
            "  plugin {} {} ({size} bytes), {}",
            index + 1,
            plugin.display(),
            plugin_access(plugin, &manifest.plugin_grants)
        );
    }
    let app_size = std::fs::metadata(&app)?.len();
    parts_size += app_size;
    println!("  app      {} ({app_size} bytes)", app.display());
    if !config.is_empty() {
        println!(
            "  config   {} values written inside (whoever has the file can read them)",
            config.len()
        );
    }
    let growth = composed.len() as f64 / parts_size.max(1) as f64 - 1.0;
    println!(
        "  the parts add up to {parts_size} bytes; composed {:+.1}%",
        growth * 100.0
    );
    let imports = ComponentInfo::read(&args.output)?.imports;
    for import in &imports {
        println!("  imports {import}");
    }
    println!(
        "runs on: {}",
        host_command(imports.iter().map(String::as_str))
    );
    Ok(())
}
