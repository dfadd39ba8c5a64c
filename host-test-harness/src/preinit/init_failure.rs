//! [`InitFailure`]: why an app's build-time initialization failed, and
//! what to do instead.

use std::fmt;
use std::time::Duration;

/// Why running an app's initialization at build time failed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InitFailure {
    /// The initialization called a host import; with no host at build time
    /// (and one snapshot for every request) it cannot.
    CalledHost {
        /// The import, as `interface#function`.
        import: String,
        /// What the initialization wrote before, escaped.
        log: String,
    },
    /// The initialization panicked or trapped; `log` holds the panic
    /// message (a malformed or conflicting route, say).
    Trapped {
        /// The trap, as wasmtime describes it.
        trap: String,
        /// What the initialization wrote, escaped.
        log: String,
    },
    /// The initialization was still running at the time limit.
    TimedOut(Duration),
}

impl InitFailure {
    /// What to do instead of calling `import` at init.
    pub fn advice(import: &str) -> &'static str {
        let interface = import.split(['@', '#']).next().unwrap_or(import);
        match interface {
            "wasi:random/insecure-seed" => {
                "a `HashMap` or `HashSet` with the default hasher seeds itself from the host; \
                 a snapshot would give every request the same seed. Build it in the handler, \
                 use a `BTreeMap`, or give it a hasher of your own with `HashMap::with_hasher`"
            }
            "wasi:random/random" | "wasi:random/insecure" => {
                "random numbers drawn at init would be the same in every request: draw them in the handler"
            }
            "wasi:clocks/wall-clock" | "wasi:clocks/monotonic-clock" => {
                "the time at init would be frozen into the snapshot: read the clock in the handler"
            }
            "wasi:config/store" => {
                "configuration can change without a rebuild: read it in the handler with `edge::config`"
            }
            "wasi:keyvalue/store" | "wasi:keyvalue/atomics" | "wasi:keyvalue/batch" => {
                "the key-value store is a per-request service: open it in the handler with `edge::kv`"
            }
            "wasi:cli/environment" => {
                "there is no environment at build time (and none on edge hosts): use `edge::config` in the handler"
            }
            "wasi:http/outgoing-handler" | "wasi:http/types" => {
                "outbound HTTP cannot run at build time: fetch in the handler, or embed the data with `include_bytes!`"
            }
            _ => "the host is not there at build time: make this call in the handler",
        }
    }
}

impl fmt::Display for InitFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CalledHost { import, log } => {
                write!(
                    f,
                    "the app's initialization called the host import `{import}`, but it runs at \
                     build time, with no host: {}",
                    Self::advice(import)
                )?;
                if !log.is_empty() {
                    write!(f, "\nit wrote:\n{log}")?;
                }
                Ok(())
            }
            Self::Trapped { trap, log } => {
                if log.is_empty() {
                    write!(f, "the app's initialization failed: {trap}")
                } else {
                    write!(f, "the app's initialization failed ({trap}):\n{log}")
                }
            }
            Self::TimedOut(limit) => write!(
                f,
                "the app's initialization was still running after {} s: build less at init, \
                 or build it per request (an `#[edge::main]` function that takes the request)",
                limit.as_secs()
            ),
        }
    }
}

impl std::error::Error for InitFailure {}
