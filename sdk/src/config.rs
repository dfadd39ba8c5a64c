//! Configuration values, over the standard `wasi:config/store` interface.
//!
//! ```no_run
//! let origin = edge::config::get("origin")?.unwrap_or_else(|| "https://example.com".to_owned());
//! # let _ = origin;
//! # Ok::<(), edge::config::ConfigError>(())
//! ```
//!
//! Values come from the host: `edge serve --config KEY=VALUE`, the app's
//! `edge.toml`, or `TestApp::builder().config(..)` in tests.

use std::fmt;

/// Why reading configuration failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// The host's configuration source failed.
    Host(String),
    /// The code runs outside a WebAssembly host (a native unit test, say).
    NoHost,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Host(message) => write!(f, "reading configuration failed: {message}"),
            Self::NoHost => f.write_str(
                "configuration needs the edge host: run this code in a component (TestApp or edge serve)",
            ),
        }
    }
}

impl std::error::Error for ConfigError {}

#[cfg(target_arch = "wasm32")]
fn host_error(e: crate::wasi::bindings::wasi::config::store::Error) -> ConfigError {
    use crate::wasi::bindings::wasi::config::store::Error;
    match e {
        Error::Upstream(message) | Error::Io(message) => ConfigError::Host(message),
    }
}

/// The value of `key`, if the host has one.
pub fn get(key: &str) -> Result<Option<String>, ConfigError> {
    #[cfg(target_arch = "wasm32")]
    {
        crate::wasi::bindings::wasi::config::store::get(key).map_err(host_error)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = key;
        Err(ConfigError::NoHost)
    }
}

/// Every configuration value the host has, as `(key, value)` pairs.
pub fn get_all() -> Result<Vec<(String, String)>, ConfigError> {
    #[cfg(target_arch = "wasm32")]
    {
        crate::wasi::bindings::wasi::config::store::get_all().map_err(host_error)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        Err(ConfigError::NoHost)
    }
}
