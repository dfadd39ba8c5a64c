//! [`ServeOptions`]: `edge serve`'s flags, merged with the app's `edge.toml`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context as _, bail};

use crate::Limits;
use crate::host_services::HostServices;
use crate::kv_backend::{KvBackend, MemoryKv};
use crate::kv_sqlite::SqliteKv;
use crate::manifest::Manifest;
use crate::outbound::OutboundRules;

/// Where `edge serve` keeps key-value data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KvLocation {
    /// An SQLite file: data survives restarts.
    File(PathBuf),
    /// Memory: gone when the server stops.
    Memory,
}

/// Everything `edge serve` runs an app with.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ServeOptions {
    /// The address to listen on.
    pub listen: SocketAddr,
    /// Per-request limits.
    pub limits: Limits,
    /// Destinations outgoing requests may reach.
    pub allow_outbound: Vec<String>,
    /// Configuration values.
    pub config: Vec<(String, String)>,
    /// Where key-value data lives.
    pub kv: KvLocation,
    /// Named stores besides `default`.
    pub kv_stores: Vec<String>,
    /// How long a client may take to send a request's head before the
    /// connection is closed (slowloris protection). Default 10 s.
    pub header_timeout: std::time::Duration,
    /// How long a response may wait on a client that accepts no bytes
    /// before the connection is closed (slow-reader protection). The clock
    /// restarts whenever the client takes a byte. Default 30 s.
    pub write_timeout: std::time::Duration,
}

impl ServeOptions {
    /// Defaults for an app in `app_dir`: 127.0.0.1:7676, default limits,
    /// KV in `app_dir/.edge/kv.sqlite`, nothing outbound.
    pub fn new(app_dir: &std::path::Path) -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 7676)),
            limits: Limits::default(),
            allow_outbound: Vec::new(),
            config: Vec::new(),
            kv: KvLocation::File(app_dir.join(".edge").join("kv.sqlite")),
            kv_stores: Vec::new(),
            header_timeout: std::time::Duration::from_secs(10),
            write_timeout: std::time::Duration::from_secs(30),
        }
    }

    /// Adds what `manifest` grants; flags given later add to it.
    pub fn apply_manifest(&mut self, manifest: &Manifest) {
        manifest.apply_limits(&mut self.limits);
        self.allow_outbound
            .extend(manifest.outbound.allow.iter().cloned());
        self.config
            .extend(manifest.config.iter().map(|(k, v)| (k.clone(), v.clone())));
        self.kv_stores.extend(manifest.kv.stores.iter().cloned());
    }

    /// Applies command-line flags (everything after `edge serve PATH`).
    pub fn apply_flags(&mut self, flags: &[String]) -> anyhow::Result<()> {
        let mut flags = flags.iter();
        while let Some(flag) = flags.next() {
            let mut value = |name: &str| {
                flags
                    .next()
                    .cloned()
                    .with_context(|| format!("{name} needs a value"))
            };
            match flag.as_str() {
                "--listen" => {
                    let text = value("--listen")?;
                    self.listen = text.parse().with_context(|| {
                        format!("--listen {text}: expected an address like 127.0.0.1:7676")
                    })?;
                }
                "--max-memory-mib" => {
                    let mib = number(&value("--max-memory-mib")?, "--max-memory-mib")?;
                    self.limits.max_memory_bytes =
                        usize::try_from(mib.saturating_mul(1 << 20)).unwrap_or(usize::MAX);
                }
                "--timeout-ms" => {
                    let ms = number(&value("--timeout-ms")?, "--timeout-ms")?;
                    self.limits.timeout = std::time::Duration::from_millis(ms);
                }
                "--body-timeout-ms" => {
                    let ms = number(&value("--body-timeout-ms")?, "--body-timeout-ms")?;
                    self.limits.body_timeout = std::time::Duration::from_millis(ms);
                }
                "--max-request-body-mib" => {
                    let mib = number(&value("--max-request-body-mib")?, "--max-request-body-mib")?;
                    self.limits.max_request_body_bytes = mib.saturating_mul(1 << 20);
                }
                "--header-timeout-ms" => {
                    let ms = number(&value("--header-timeout-ms")?, "--header-timeout-ms")?;
                    self.header_timeout = std::time::Duration::from_millis(ms);
                }
                "--write-timeout-ms" => {
                    let ms = number(&value("--write-timeout-ms")?, "--write-timeout-ms")?;
                    self.write_timeout = std::time::Duration::from_millis(ms);
                }
                "--allow-outbound" => self.allow_outbound.push(value("--allow-outbound")?),
                "--config" => {
                    let pair = value("--config")?;
                    let Some((key, val)) = pair.split_once('=') else {
                        bail!("--config {pair}: expected KEY=VALUE");
                    };
                    self.config.push((key.to_owned(), val.to_owned()));
                }
                "--kv-path" => self.kv = KvLocation::File(PathBuf::from(value("--kv-path")?)),
                "--kv-memory" => self.kv = KvLocation::Memory,
                "--kv-store" => self.kv_stores.push(value("--kv-store")?),
                other => bail!("unknown flag {other}"),
            }
        }
        Ok(())
    }

    pub(crate) fn services(&self) -> anyhow::Result<HostServices> {
        let backend: Arc<dyn KvBackend> = match &self.kv {
            KvLocation::File(path) => Arc::new(SqliteKv::open(path)?),
            KvLocation::Memory => Arc::new(MemoryKv::default()),
        };
        let outbound = OutboundRules {
            allowed: self.allow_outbound.clone(),
            hint: "edge serve does not allow it: pass `--allow-outbound {host}` or add it to \
                   `[outbound] allow` in edge.toml"
                .to_owned(),
            ..OutboundRules::default()
        };
        Ok(HostServices {
            config: HostServices::config_from(&self.config),
            outbound: Arc::new(outbound),
            ..HostServices::isolated()
        }
        .with_kv(backend, self.kv_stores.clone()))
    }
}

fn number(text: &str, flag: &str) -> anyhow::Result<u64> {
    text.parse()
        .with_context(|| format!("{flag} {text}: expected a whole number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(list: &[&str]) -> anyhow::Result<ServeOptions> {
        let mut options = ServeOptions::new(std::path::Path::new("app"));
        options.apply_flags(&list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())?;
        Ok(options)
    }

    #[test]
    fn parses_every_flag() {
        let options = flags(&[
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
            "--header-timeout-ms",
            "700",
            "--write-timeout-ms",
            "900",
            "--allow-outbound",
            "api.example.com",
            "--config",
            "a=b=c",
            "--kv-memory",
            "--kv-store",
            "s",
        ])
        .expect("valid flags");
        assert_eq!(options.listen.port(), 0);
        assert_eq!(options.limits.max_memory_bytes, 64 << 20);
        assert_eq!(options.limits.timeout.as_millis(), 250);
        assert_eq!(options.limits.body_timeout.as_millis(), 2000);
        assert_eq!(options.limits.max_request_body_bytes, 3 << 20);
        assert_eq!(options.header_timeout.as_millis(), 700);
        assert_eq!(options.write_timeout.as_millis(), 900);
        assert_eq!(options.allow_outbound, ["api.example.com"]);
        assert_eq!(options.config, [("a".to_owned(), "b=c".to_owned())]);
        assert_eq!(options.kv, KvLocation::Memory);
        assert_eq!(options.kv_stores, ["s"]);
        assert_eq!(
            ServeOptions::new(std::path::Path::new("app")).kv,
            KvLocation::File("app/.edge/kv.sqlite".into())
        );
    }

    #[test]
    fn bad_flags_say_what_is_expected() {
        let table: [(&[&str], &str); 8] = [
            (
                &["--listen", "localhost"],
                "--listen localhost: expected an address like 127.0.0.1:7676",
            ),
            (
                &["--timeout-ms", "soon"],
                "--timeout-ms soon: expected a whole number",
            ),
            (
                &["--config", "novalue"],
                "--config novalue: expected KEY=VALUE",
            ),
            (&["--allow-outbound"], "--allow-outbound needs a value"),
            (
                &["--max-request-body-mib", "-1"],
                "--max-request-body-mib -1: expected a whole number",
            ),
            (
                &["--header-timeout-ms"],
                "--header-timeout-ms needs a value",
            ),
            (
                &["--write-timeout-ms", "1.5"],
                "--write-timeout-ms 1.5: expected a whole number",
            ),
            (&["--verbose"], "unknown flag --verbose"),
        ];
        for (given, expected) in table {
            let err = flags(given).expect_err("bad flags");
            assert_eq!(err.to_string(), expected);
        }
    }
}
