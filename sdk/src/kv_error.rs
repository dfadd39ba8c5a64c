//! [`KvError`]: why a key-value call failed, naming the store.

use std::fmt;

/// Why a key-value call failed. Every message names the store (the
/// default one, or the name it was opened with).
///
/// ```
/// use edge::kv::KvError;
///
/// let err = KvError::Host { store: "sessions".into(), message: "disk full".into() };
/// assert_eq!(err.to_string(), "the key-value store `sessions` failed: disk full");
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum KvError {
    /// The host has no store by this name.
    NoSuchStore(String),
    /// The host refused access to the store named here.
    AccessDenied(String),
    /// The host's store failed.
    Host {
        /// The store's name (`""` for the default store).
        store: String,
        /// What the host said.
        message: String,
    },
    /// A value read as JSON is not the expected JSON, or could not be written.
    #[cfg(feature = "json")]
    Json {
        /// The store's name (`""` for the default store).
        store: String,
        /// The key whose value it is.
        key: String,
        /// What serde said.
        error: serde_json::Error,
    },
    /// The code runs outside a WebAssembly host (a native unit test, say).
    NoHost,
}

impl fmt::Display for KvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoSuchStore(name) if name.is_empty() => write!(
                f,
                "the host has no default key-value store: configure one on the host{PLUGIN_COPY}"
            ),
            Self::NoSuchStore(name) => write!(
                f,
                "the host has no key-value store named `{name}`: configure it on the host, or use Store::open_default(){PLUGIN_COPY}"
            ),
            Self::AccessDenied(store) => {
                write!(f, "the host denied access to {}", StoreName(store))
            }
            Self::Host { store, message } => {
                write!(f, "{} failed: {message}", StoreName(store))
            }
            #[cfg(feature = "json")]
            Self::Json { store, key, error } => write!(
                f,
                "the value of `{key}` in {} is not the expected JSON: {error}",
                StoreName(store)
            ),
            Self::NoHost => f.write_str(
                "key-value stores need the edge host: run this code in a component (TestApp or edge serve)",
            ),
        }
    }
}

impl std::error::Error for KvError {}

/// What a store that is not there means in a plugin: composed in front of
/// an app, a plugin opens its own copy of each store, which the host must
/// give (`edge serve` does; `wasmtime serve` gives the default store alone).
#[cfg(feature = "plugin")]
const PLUGIN_COPY: &str = " (a composed plugin opens its own copy of a store, `PLUGIN-NAME/STORE` on the \
     host: edge serve gives one for each store the app has; wasmtime serve gives the default \
     store alone)";
#[cfg(not(feature = "plugin"))]
const PLUGIN_COPY: &str = "";

/// A store as a message names it.
struct StoreName<'a>(&'a str);

impl fmt::Display for StoreName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            "" => f.write_str("the default key-value store"),
            name => write!(f, "the key-value store `{name}`"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::KvError;

    #[test]
    fn every_message_names_the_store() {
        let copy = super::PLUGIN_COPY;
        let nope = format!(
            "the host has no key-value store named `nope`: configure it on the host, or use \
             Store::open_default(){copy}"
        );
        let no_default =
            format!("the host has no default key-value store: configure one on the host{copy}");
        let table = [
            (KvError::NoSuchStore("nope".into()), nope.as_str()),
            (KvError::NoSuchStore(String::new()), no_default.as_str()),
            (
                KvError::AccessDenied("sessions".into()),
                "the host denied access to the key-value store `sessions`",
            ),
            (
                KvError::AccessDenied(String::new()),
                "the host denied access to the default key-value store",
            ),
            (
                KvError::Host {
                    store: "sessions".into(),
                    message: "disk full".into(),
                },
                "the key-value store `sessions` failed: disk full",
            ),
            (
                KvError::Host {
                    store: String::new(),
                    message: "disk full".into(),
                },
                "the default key-value store failed: disk full",
            ),
        ];
        for (error, message) in table {
            assert_eq!(error.to_string(), message);
        }
    }
}
