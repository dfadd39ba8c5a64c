//! [`ServeOptions`]: what `edge serve` runs an app with, from its flags over
//! the app's `edge.toml`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use edge_harness::kv::{KvStorage, MemoryKv};
use edge_harness::runtime::HostServices;
use edge_harness::{AppSettings, Limits};

use super::machine_memory;
use crate::args::ServeArgs;
use crate::kv_redis::{RedisKv, redacted};
use crate::kv_sqlite::SqliteKv;

/// Where `edge serve` keeps key-value data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum KvLocation {
    /// An SQLite file: data survives restarts.
    File(PathBuf),
    /// Memory: gone when the server stops.
    Memory,
    /// A Redis server, shared by every server given the same URL.
    Redis(String),
}

/// Everything `edge serve` runs an app with.
#[derive(Clone, Debug)]
pub(crate) struct ServeOptions {
    /// The address to listen on.
    pub(crate) listen: SocketAddr,
    /// Where key-value data lives.
    pub(crate) kv: KvLocation,
    /// Limits and grants: the flags over `edge.toml`.
    pub(crate) settings: AppSettings,
}

impl ServeOptions {
    /// The options `args` give for the app in `app_dir`, over what its
    /// `edge.toml` (`manifest`) grants.
    pub(crate) fn new(args: &ServeArgs, app_dir: &Path, manifest: AppSettings) -> Self {
        let mut flags = AppSettings::default();
        flags.limits = args.limits.clone();
        flags.allow_outbound = args.allow_outbound.clone();
        flags.config = args.config.clone();
        flags.kv_stores = args.kv_stores.clone();
        flags.plugins = args.plugins.clone();
        flags.kv_url = args.kv_url.clone();
        let settings = flags.over(manifest);
        // A flag for a file or memory wins over a URL in edge.toml.
        let kv = match (&args.kv_path, args.kv_memory, &settings.kv_url) {
            (_, true, _) => KvLocation::Memory,
            (Some(path), false, _) => KvLocation::File(path.clone()),
            (None, false, Some(url)) => KvLocation::Redis(url.clone()),
            (None, false, None) => KvLocation::File(default_kv_file(&args.path, app_dir)),
        };
        Self {
            listen: args.listen,
            kv,
            settings,
        }
    }

    /// Opens the app's key-value storage in the chosen location.
    pub(crate) fn storage(&self) -> anyhow::Result<Arc<dyn KvStorage>> {
        Ok(match &self.kv {
            KvLocation::File(path) => Arc::new(SqliteKv::open(path)?),
            KvLocation::Memory => Arc::new(MemoryKv::default()),
            KvLocation::Redis(url) => {
                let redis = RedisKv::open(url)?;
                eprintln!("edge: key-value data in Redis at {}", redacted(url));
                Arc::new(redis)
            }
        })
    }

    /// The services the app gets, its stores in `storage`.
    pub(crate) fn services(&self, storage: Arc<dyn KvStorage>) -> HostServices {
        HostServices::new(
            &self.settings,
            storage,
            "edge serve does not allow it: pass `--allow-outbound {host}` or add it to \
             `[outbound] allow` in edge.toml",
        )
    }

    /// The limits the app runs with; the total guest memory no more than
    /// this process may have (the machine's memory, or its container's).
    pub(crate) fn limits(&self) -> Limits {
        let mut limits = self.settings.limits.resolve();
        if let Some((usable, what)) = machine_memory::usable_bytes()
            && limits.max_total_memory_bytes > usable
        {
            eprintln!(
                "edge: max-total-memory-mib is more than this {what} ({} MiB); using that",
                usable >> 20
            );
            limits.max_total_memory_bytes = usable;
        }
        limits
    }
}

/// Where an app's key-value data lives unless told: one file per app, so
/// that two apps share data only when given the same `--kv-path`. An app
/// folder (a Cargo package) keeps it in `.edge/kv.sqlite`; a component file
/// `app.wasm` in `.edge/app.kv.sqlite` beside it.
fn default_kv_file(path: &Path, app_dir: &Path) -> PathBuf {
    let file = match path.file_stem() {
        Some(stem) if !path.is_dir() => format!("{}.kv.sqlite", stem.to_string_lossy()),
        _ => "kv.sqlite".to_owned(),
    };
    app_dir.join(".edge").join(file)
}

#[cfg(test)]
mod tests {
    use clap::Parser as _;

    use super::*;
    use crate::args::{Cli, Command};

    fn options(flags: &[&str], manifest: &str) -> ServeOptions {
        let parsed = Cli::try_parse_from(["edge", "serve"].iter().chain(flags)).expect("flags");
        let Command::Serve(args) = parsed.command else {
            panic!("not serve")
        };
        let manifest: edge_harness::Manifest = toml::from_str(manifest).expect("manifest");
        ServeOptions::new(&args, Path::new("app"), manifest.settings())
    }

    #[test]
    fn a_flag_wins_over_edge_toml_which_wins_over_the_default() {
        let toml = "[limits]\ntimeout-ms = 500\nmax-memory-mib = 64\n[config]\ngreeting = \"hi\"\n";
        let given = options(&["--timeout-ms", "250", "--config", "greeting=hello"], toml);
        let limits = given.settings.limits.resolve();
        assert_eq!(limits.timeout.as_millis(), 250);
        assert_eq!(limits.max_memory_bytes, 64 << 20);
        assert_eq!(limits.body_timeout.as_secs(), 60);
        assert_eq!(given.settings.config_value("greeting"), Some("hello"));
        // A flag equal to the default still wins over edge.toml.
        let default_again = options(&["--timeout-ms", "1000"], toml);
        assert_eq!(
            default_again.settings.limits.resolve().timeout.as_millis(),
            1000
        );
    }

    #[test]
    fn key_value_data_goes_to_the_app_folder_unless_told() {
        assert_eq!(
            options(&[], "").kv,
            KvLocation::File("app/.edge/kv.sqlite".into())
        );
        assert_eq!(
            options(&["--kv-path", "/tmp/x.sqlite"], "").kv,
            KvLocation::File("/tmp/x.sqlite".into())
        );
        assert_eq!(options(&["--kv-memory"], "").kv, KvLocation::Memory);
    }

    #[test]
    fn two_components_in_one_folder_get_a_file_each() {
        let a = default_kv_file(Path::new("apps/a.wasm"), Path::new("apps"));
        let b = default_kv_file(Path::new("apps/b.wasm"), Path::new("apps"));
        assert_eq!(a, Path::new("apps/.edge/a.kv.sqlite"));
        assert_eq!(b, Path::new("apps/.edge/b.kv.sqlite"));
    }
}
