//! `edge build`.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use edge_harness::build::{AppBuild, BuiltApp};
use edge_harness::compose::{HostNeed, host_need, with_plugins};
use edge_harness::runtime::WasiHttpVersion;
use edge_harness::settings::manifest_settings;
use edge_harness::{ComponentInfo, Limits, Progress};

use super::plugin_access::plugin_access;

/// Builds the app for `wasi` (pre-initialized unless `preinit` is off;
/// proxy-only too with `proxy_only`) and prints its size, the `wasi:http`
/// version it speaks, how its state was built, its imports (and which
/// hosts give them), exports, and the host command it runs on.
pub(super) fn run(
    path: &Path,
    preinit: bool,
    proxy_only: bool,
    wasi: WasiHttpVersion,
) -> anyhow::Result<()> {
    let wasm = if path.is_dir() {
        let built = AppBuild::new(path)
            .progress(Progress::Show)
            .preinit(preinit)
            .limits(Limits::default())
            .wasi(wasi)
            .run()?;
        print_preinit(&built, preinit);
        with_manifest_chain(path, built.component)?
    } else {
        super::component_for(path, preinit, Limits::default(), wasi)?
    };
    let wasm = if proxy_only {
        write_proxy_only(&wasm)?
    } else {
        wasm
    };
    let info = ComponentInfo::read(&wasm)?;
    println!("{} ({} bytes)", wasm.display(), info.size);
    if let Some(version) = info.wasi_http() {
        println!("  speaks {version}");
    }
    for import in &info.imports {
        println!("  imports {import}  {}", host_support(import));
    }
    for export in &info.exports {
        println!("  exports {export}");
    }
    println!(
        "runs on: {}",
        edge_harness::compose::host_command(info.imports.iter().map(String::as_str))
    );
    Ok(())
}

/// The app at `wasm` with the plugins of `dir`'s edge.toml composed in
/// front, as `edge serve` runs it: written beside it as `NAME.plugins.wasm`
/// (the chain printed); `wasm` itself without such plugins.
fn with_manifest_chain(dir: &Path, wasm: PathBuf) -> anyhow::Result<PathBuf> {
    let settings = manifest_settings(dir)?;
    let chain = &settings.plugins;
    if chain.is_empty() {
        return Ok(wasm);
    }
    let composed = with_plugins(&wasm, chain, &settings.plugin_grants, Progress::Show)?;
    let output = wasm.with_extension("plugins.wasm");
    std::fs::write(&output, composed.bytes())
        .with_context(|| format!("cannot write {}", output.display()))?;
    println!("edge.toml's [plugins] composed in front, in request order (as edge serve runs it):");
    for (index, plugin) in chain.iter().enumerate() {
        println!(
            "  plugin {} {}, {}",
            index + 1,
            plugin.display(),
            plugin_access(plugin, &settings.plugin_grants)
        );
    }
    println!("  app      {}", wasm.display());
    Ok(output)
}

/// Writes the proxy-only form of the component at `wasm` beside it, as
/// `NAME.proxy.wasm`, and returns its path.
fn write_proxy_only(wasm: &Path) -> anyhow::Result<PathBuf> {
    let bytes = std::fs::read(wasm).with_context(|| format!("cannot read {}", wasm.display()))?;
    let proxy = edge_harness::compose::proxy_only(&bytes)?;
    let output = wasm.with_extension("proxy.wasm");
    std::fs::write(&output, proxy).with_context(|| format!("cannot write {}", output.display()))?;
    println!("proxy-only: Rust std's `wasi:cli` imports are met inside the component");
    Ok(output)
}

/// Says how the app's state is built: at build time (and what that cost),
/// or per request.
fn print_preinit(built: &BuiltApp, preinit: bool) {
    match &built.preinit {
        Some(report) => {
            let growth = report.size_after as f64 / report.size_before.max(1) as f64 - 1.0;
            let when = if report.reused {
                "unchanged since the last build: snapshot reused".to_owned()
            } else {
                format!(
                    "its initialization ran {:.1} ms, the whole step {:.0} ms",
                    report.init_time.as_secs_f64() * 1e3,
                    report.step_time.as_secs_f64() * 1e3
                )
            };
            println!(
                "pre-initialized: the app's state is built at build time ({when}; {} -> {} bytes, {:+.1}%)",
                report.size_before,
                report.size_after,
                growth * 100.0
            );
            if !report.init_log.is_empty() {
                println!("its initialization wrote:\n{}", report.init_log);
            }
        }
        None if !preinit => println!(
            "not pre-initialized (--no-preinit): state the app builds once is built on each request"
        ),
        None => {}
    }
}

/// Which standard hosts give a guest `import`, and how.
fn host_support(import: &str) -> String {
    match host_need(import) {
        HostNeed::ProxyWorld => "(standard; every wasi:http host)".to_owned(),
        HostNeed::Flag(flag) => format!("(standard; `wasmtime serve {flag}`)"),
        HostNeed::NotWasi => {
            "(not standard: only a host that knows it can run this app)".to_owned()
        }
    }
}
