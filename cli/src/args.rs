//! The command line, declared once: clap derives parsing, `--help` and the
//! suggestions for a mistyped flag from it.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use edge_harness::LimitSettings;
use edge_harness::runtime::WasiHttpVersion;

use crate::server::forwarded::ProxyRange;

/// Serve, build, call and create edge apps: HTTP services that run as
/// WebAssembly components on standard WASI.
#[derive(Debug, Parser)]
#[command(name = "edge", version, arg_required_else_help = true)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the app in PATH (or load a .wasm) and serve it over HTTP/1.1,
    /// a fresh instance per request
    Serve(Box<ServeArgs>),
    /// Build the app for wasm32-wasip2, build its state at build time if
    /// it declares any; print its size, imports and exports
    Build {
        /// The app's directory (a Cargo package)
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Do not pre-initialize: an app that builds its state once then
        /// builds it on each request
        #[arg(long)]
        no_preinit: bool,
        /// Also write APP.proxy.wasm, which meets Rust std's `wasi:cli`
        /// imports inside the component, so it runs on any `wasi:http/proxy`
        /// host (`wasmtime serve` with no `-S` flag); an app that uses a
        /// key-value store or config cannot be proxy-only
        #[arg(long)]
        proxy_only: bool,
        /// The WASI version to build for: 0.2 (`wasi:http@0.2`), 0.3
        /// (`wasi:http@0.3`), or both (two files)
        #[arg(long, value_name = "VERSION", default_value = "0.2", value_parser = parse_wasi_builds)]
        wasi: WasiBuilds,
    },
    /// Build the app (or load a .wasm), send one GET through a fresh
    /// instance, print the answer; exit code 1 if the guest fails
    Call {
        /// The app's directory or a .wasm component
        path: PathBuf,
        /// The request target: a path with an optional query
        #[arg(default_value = "/")]
        target: String,
        /// The WASI version to build the app for: 0.2 or 0.3 [default:
        /// $EDGE_WASI, else 0.2]
        #[arg(long, value_name = "VERSION", value_parser = parse_wasi)]
        wasi: Option<WasiHttpVersion>,
    },
    /// Compose plugins in front of the app into one standard component
    Compose(ComposeArgs),
    /// Create the app NAME in a new directory: a router, a test, an edge.toml
    New {
        /// The app's name: letters, digits, `-` and `_`, starting with a letter
        name: String,
        /// Take `edge-sdk` and `edge-harness` from the edge checkout at
        /// CHECKOUT (path dependencies, its lock file and target directory)
        /// instead of the registry: for working on edge itself
        #[arg(long = "path", value_name = "CHECKOUT")]
        checkout: Option<PathBuf>,
    },
}

/// `edge compose`'s arguments.
#[derive(Clone, Debug, Args)]
pub(crate) struct ComposeArgs {
    /// The app's directory (a Cargo package) or a .wasm component
    pub(crate) app: PathBuf,
    /// A plugin's directory (a Cargo package) or .wasm component, after
    /// those of the app's edge.toml [plugins]; repeat it for more, in the
    /// order requests meet them
    #[arg(long = "plugin", value_name = "PLUGIN")]
    pub(crate) plugins: Vec<PathBuf>,
    /// A configuration value written inside the component, which then
    /// imports no wasi:config (so `wasmtime serve -S cli` runs it);
    /// repeatable. Whoever has the file can read these values
    #[arg(long, value_name = "KEY=VALUE", value_parser = parse_config)]
    pub(crate) config: Vec<(String, String)>,
    /// Meet what Rust's std imports beyond the wasi:http/proxy world inside
    /// the component (no environment, no terminals, exit traps), so that it
    /// runs on any proxy host: `wasmtime serve` with no -S flag
    #[arg(long)]
    pub(crate) proxy_only: bool,
    /// The WASI version to build the app and plugin packages for: 0.2 or
    /// 0.3 (.wasm files are composed as the version they were built for)
    #[arg(long, value_name = "VERSION", default_value = "0.2", value_parser = parse_wasi)]
    pub(crate) wasi: WasiHttpVersion,
    /// Where to write the composed component
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: PathBuf,
}

/// `edge serve`'s arguments.
#[derive(Clone, Debug, Args)]
#[command(
    after_help = "PATH's edge.toml, if any, grants outbound hosts, config, stores and \
                        limits (its [limits] keys are the limit flags' names); flags win over it."
)]
pub(crate) struct ServeArgs {
    /// The app's directory (a Cargo package) or a .wasm component
    #[arg(default_value = ".")]
    pub(crate) path: PathBuf,
    /// Address to listen on; 127.0.0.1:0 picks a free port
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7676", value_parser = parse_listen)]
    pub(crate) listen: SocketAddr,
    /// Per-request and per-connection limits.
    #[command(flatten)]
    pub(crate) limits: LimitSettings,
    /// Let outgoing requests reach HOST (any port) or HOST:PORT; repeatable
    #[arg(long = "allow-outbound", value_name = "HOST")]
    pub(crate) allow_outbound: Vec<String>,
    /// A configuration value; repeatable
    #[arg(long, value_name = "KEY=VALUE", value_parser = parse_config)]
    pub(crate) config: Vec<(String, String)>,
    /// The SQLite file of the key-value stores [default: PATH/.edge/kv.sqlite]
    #[arg(long, value_name = "FILE")]
    pub(crate) kv_path: Option<PathBuf>,
    /// Keep key-value data in memory only
    #[arg(long, conflicts_with = "kv_path")]
    pub(crate) kv_memory: bool,
    /// Keep key-value data in Redis (or Valkey), shared with every server
    /// given the same URL: redis://[user:password@]host:port/db
    #[arg(long, value_name = "URL", conflicts_with_all = ["kv_path", "kv_memory"])]
    pub(crate) kv_url: Option<String>,
    /// A key-value store besides `default`; repeatable
    #[arg(long = "kv-store", value_name = "NAME")]
    pub(crate) kv_stores: Vec<String>,
    /// A plugin (its directory or .wasm) composed in front of the app, after
    /// those of edge.toml's [plugins]; repeat it for more, in request order
    #[arg(long = "plugin", value_name = "PLUGIN")]
    pub(crate) plugins: Vec<PathBuf>,
    /// Rebuild and switch to the new version when the app's sources,
    /// Cargo.toml or edge.toml change; requests in flight finish on the old
    /// one, and a failed build keeps the old one serving
    #[arg(long)]
    pub(crate) watch: bool,
    /// Serve the app without pre-initializing it: state it builds once is
    /// then built on each request
    #[arg(long)]
    pub(crate) no_preinit: bool,
    /// The WASI version to build the app for: 0.2 or 0.3 (a .wasm file is
    /// served as the version it was built for)
    #[arg(long, value_name = "VERSION", default_value = "0.2", value_parser = parse_wasi)]
    pub(crate) wasi: WasiHttpVersion,
    /// A proxy in front of edge serve (an address or a network, as
    /// 10.0.0.0/8) whose X-Forwarded-For and Forwarded are kept; from any
    /// other peer they are dropped, and the peer's address is appended;
    /// repeatable
    #[arg(long = "trusted-proxy", value_name = "CIDR", value_parser = ProxyRange::parse)]
    pub(crate) trusted_proxies: Vec<ProxyRange>,
}

fn parse_listen(text: &str) -> Result<SocketAddr, String> {
    text.parse()
        .map_err(|_| "expected an address like 127.0.0.1:7676".to_owned())
}

fn parse_config(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
        _ => Err("expected KEY=VALUE".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serve(flags: &[&str]) -> Result<ServeArgs, clap::Error> {
        let args = ["edge", "serve"].iter().chain(flags);
        match Cli::try_parse_from(args)?.command {
            Command::Serve(serve) => Ok(*serve),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn parses_every_flag() {
        let args = serve(&[
            "app",
            "--listen",
            "127.0.0.1:0",
            "--max-memory-mib",
            "64",
            "--timeout-ms",
            "250",
            "--body-timeout-ms",
            "2000",
            "--max-request-body-mib",
            "3",
            "--max-log-kib",
            "8",
            "--max-resources",
            "500",
            "--header-timeout-ms",
            "700",
            "--write-timeout-ms",
            "900",
            "--max-connections-per-client",
            "7",
            "--allow-outbound",
            "api.example.com",
            "--config",
            "a=b=c",
            "--kv-memory",
            "--kv-store",
            "s",
        ])
        .expect("valid flags");
        assert_eq!(args.path, PathBuf::from("app"));
        assert_eq!(args.listen.port(), 0);
        let limits = args.limits.resolve();
        assert_eq!(limits.max_memory_bytes, 64 << 20);
        assert_eq!(limits.timeout.as_millis(), 250);
        assert_eq!(limits.body_timeout.as_millis(), 2000);
        assert_eq!(limits.max_request_body_bytes, 3 << 20);
        assert_eq!(limits.max_log_bytes, 8 << 10);
        assert_eq!(limits.max_resources, 500);
        assert_eq!(limits.header_timeout.as_millis(), 700);
        assert_eq!(limits.write_timeout.as_millis(), 900);
        assert_eq!(limits.max_connections_per_client, 7);
        assert_eq!(args.allow_outbound, ["api.example.com"]);
        assert_eq!(args.config, [("a".to_owned(), "b=c".to_owned())]);
        assert!(args.kv_memory);
        assert_eq!(args.kv_stores, ["s"]);
    }

    #[test]
    fn unset_limits_stay_unset() {
        let args = serve(&[]).expect("no flags");
        assert_eq!(args.limits, LimitSettings::default());
        assert_eq!(args.path, PathBuf::from("."));
        assert_eq!(args.listen.to_string(), "127.0.0.1:7676");
    }

    #[test]
    fn bad_flags_say_what_is_expected() {
        let table: [(&[&str], &str); 9] = [
            (
                &["--listen", "localhost"],
                "invalid value 'localhost' for '--listen <ADDR>': expected an address like 127.0.0.1:7676",
            ),
            (
                &["--timeout-ms", "soon"],
                "invalid value 'soon' for '--timeout-ms <MS>': expected a whole number",
            ),
            (
                &["--config", "novalue"],
                "invalid value 'novalue' for '--config <KEY=VALUE>': expected KEY=VALUE",
            ),
            (
                &["--allow-outbound"],
                "a value is required for '--allow-outbound <HOST>' but none was supplied",
            ),
            (
                &["--max-request-body-mib", "-1"],
                "unexpected argument '-1' found",
            ),
            (
                &["--header-timeout-ms"],
                "a value is required for '--header-timeout-ms <MS>' but none was supplied",
            ),
            (
                &["--write-timeout-ms", "1.5"],
                "invalid value '1.5' for '--write-timeout-ms <MS>': expected a whole number",
            ),
            (&["--verbose"], "unexpected argument '--verbose' found"),
            (
                &["--kv-memory", "--kv-path", "x.sqlite"],
                "the argument '--kv-memory' cannot be used with '--kv-path <FILE>'",
            ),
        ];
        for (given, expected) in table {
            let err = serve(given).expect_err("bad flags").to_string();
            assert!(err.contains(expected), "{given:?}: {err}");
        }
    }

    #[test]
    fn a_mistyped_flag_gets_a_suggestion() {
        let err = serve(&["--timeout", "5"]).expect_err("unknown flag");
        let text = err.to_string();
        assert!(
            text.contains("tip: a similar argument exists: '--timeout-ms'"),
            "{text}"
        );
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn the_declaration_is_consistent() {
        use clap::CommandFactory as _;
        Cli::command().debug_assert();
    }
}

/// `0.2` or `0.3`.
fn parse_wasi(text: &str) -> Result<WasiHttpVersion, String> {
    text.parse().map_err(|e: anyhow::Error| e.to_string())
}

/// The WASI versions `edge build` builds for, one file each.
#[derive(Clone, Debug)]
pub(crate) struct WasiBuilds(pub(crate) Vec<WasiHttpVersion>);

/// `0.2`, `0.3` or `both`.
fn parse_wasi_builds(text: &str) -> Result<WasiBuilds, String> {
    if text.trim() == "both" {
        return Ok(WasiBuilds(vec![WasiHttpVersion::P2, WasiHttpVersion::P3]));
    }
    parse_wasi(text)
        .map(|version| WasiBuilds(vec![version]))
        .map_err(|e| format!("{e}, or both"))
}
