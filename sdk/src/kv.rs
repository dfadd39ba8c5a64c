//! Key-value stores, over the standard `wasi:keyvalue` interfaces.
//!
//! ```no_run
//! use edge::kv::Store;
//!
//! let store = Store::open_default()?;
//! let visits = store.increment("visits", 1)?;
//! store.set("last-path", "/")?;
//! assert_eq!(store.get("last-path")?.as_deref(), Some(&b"/"[..]));
//! # let _ = visits;
//! # Ok::<(), edge::kv::KvError>(())
//! ```
//!
//! Stores belong to the host, not the instance: what one request writes,
//! the next one reads. Which stores exist is the host's configuration; every
//! edge host has the default store.

use std::fmt;

/// Why a key-value call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum KvError {
    /// The host has no store by this name.
    NoSuchStore(String),
    /// The host refused access to the store.
    AccessDenied,
    /// The host's store failed.
    Host(String),
    /// A value read as JSON is not the expected JSON, or could not be written.
    #[cfg(feature = "json")]
    Json(serde_json::Error),
    /// The code runs outside a WebAssembly host (a native unit test, say).
    NoHost,
}

impl fmt::Display for KvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoSuchStore(name) => write!(
                f,
                "the host has no key-value store named `{name}`: configure it on the host, or use Store::open_default()"
            ),
            Self::AccessDenied => f.write_str("the host denied access to the key-value store"),
            Self::Host(message) => write!(f, "the key-value store failed: {message}"),
            #[cfg(feature = "json")]
            Self::Json(e) => write!(f, "the stored value is not the expected JSON: {e}"),
            Self::NoHost => f.write_str(
                "key-value stores need the edge host: run this code in a component (TestApp or edge serve)",
            ),
        }
    }
}

impl std::error::Error for KvError {}

/// One page of keys from [`Store::keys`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct KeyPage {
    /// The keys of this page.
    pub keys: Vec<String>,
    /// Where the next page starts; `None` on the last page.
    pub cursor: Option<u64>,
}

/// An open key-value store.
pub struct Store {
    #[cfg(target_arch = "wasm32")]
    bucket: crate::wasi::bindings::wasi::keyvalue::store::Bucket,
    #[cfg(not(target_arch = "wasm32"))]
    never: std::convert::Infallible,
}

#[cfg(target_arch = "wasm32")]
mod host {
    pub(super) use crate::wasi::bindings::wasi::keyvalue::{atomics, batch, store};

    pub(super) fn error(name: &str, e: store::Error) -> super::KvError {
        match e {
            store::Error::NoSuchStore => super::KvError::NoSuchStore(name.to_owned()),
            store::Error::AccessDenied => super::KvError::AccessDenied,
            store::Error::Other(message) => super::KvError::Host(message),
        }
    }
}

/// Runs a host call, or says there is no host.
macro_rules! on_host {
    ($self:ident, |$bucket:ident| $call:expr) => {{
        #[cfg(target_arch = "wasm32")]
        {
            let $bucket = &$self.bucket;
            $call.map_err(|e| host::error("", e))
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            match $self.never {}
        }
    }};
}

// Natively every method is unreachable (no `Store` can exist), so the
// arguments go unused there.
#[cfg_attr(not(target_arch = "wasm32"), allow(unused_variables))]
impl Store {
    /// Opens the store named `name`.
    pub fn open(name: &str) -> Result<Self, KvError> {
        #[cfg(target_arch = "wasm32")]
        {
            host::store::open(name)
                .map(|bucket| Self { bucket })
                .map_err(|e| host::error(name, e))
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            Err(KvError::NoHost)
        }
    }

    /// Opens the host's default store: the empty identifier, which is what
    /// `edge serve`, `TestApp` and `wasmtime serve -S keyvalue` all provide.
    pub fn open_default() -> Result<Self, KvError> {
        Self::open("")
    }

    /// The value of `key`, if set.
    pub fn get(&self, key: &str) -> Result<Option<Vec<u8>>, KvError> {
        on_host!(self, |bucket| bucket.get(key))
    }

    /// Sets `key` to `value`.
    pub fn set(&self, key: &str, value: impl AsRef<[u8]>) -> Result<(), KvError> {
        on_host!(self, |bucket| bucket.set(key, value.as_ref()))
    }

    /// Deletes `key`; deleting a missing key is not an error.
    pub fn delete(&self, key: &str) -> Result<(), KvError> {
        on_host!(self, |bucket| bucket.delete(key))
    }

    /// Whether `key` is set.
    pub fn exists(&self, key: &str) -> Result<bool, KvError> {
        on_host!(self, |bucket| bucket.exists(key))
    }

    /// One page of keys, starting at `cursor` (`None` for the first page).
    pub fn keys(&self, cursor: Option<u64>) -> Result<KeyPage, KvError> {
        on_host!(self, |bucket| bucket.list_keys(cursor).map(|page| {
            KeyPage {
                keys: page.keys,
                cursor: page.cursor,
            }
        }))
    }

    /// Every key that starts with `prefix`, walking all pages.
    pub fn keys_with_prefix(&self, prefix: &str) -> Result<Vec<String>, KvError> {
        let mut found = Vec::new();
        let mut cursor = None;
        loop {
            let page = self.keys(cursor)?;
            found.extend(page.keys.into_iter().filter(|k| k.starts_with(prefix)));
            match page.cursor {
                Some(next) if Some(next) != cursor => cursor = Some(next),
                _ => return Ok(found),
            }
        }
    }

    /// Adds `delta` to the number stored at `key` (0 if unset), atomically,
    /// and returns the new value.
    pub fn increment(&self, key: &str, delta: u64) -> Result<u64, KvError> {
        on_host!(self, |bucket| host::atomics::increment(bucket, key, delta))
    }

    /// The values of `keys`, in the same order.
    pub fn get_many(&self, keys: &[&str]) -> Result<Vec<Option<Vec<u8>>>, KvError> {
        let owned: Vec<String> = keys.iter().map(|k| (*k).to_owned()).collect();
        // The host answers one entry per key, in the order asked.
        on_host!(self, |bucket| host::batch::get_many(bucket, &owned).map(
            |found| found
                .into_iter()
                .map(|entry| entry.map(|(_, value)| value))
                .collect()
        ))
    }

    /// Sets every `(key, value)` pair.
    pub fn set_many(&self, pairs: &[(&str, &[u8])]) -> Result<(), KvError> {
        let owned: Vec<(String, Vec<u8>)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.to_vec()))
            .collect();
        on_host!(self, |bucket| host::batch::set_many(bucket, &owned))
    }

    /// Deletes every key in `keys`.
    pub fn delete_many(&self, keys: &[&str]) -> Result<(), KvError> {
        let owned: Vec<String> = keys.iter().map(|k| (*k).to_owned()).collect();
        on_host!(self, |bucket| host::batch::delete_many(bucket, &owned))
    }

    /// The value of `key` parsed as JSON, if set.
    #[cfg(feature = "json")]
    pub fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        key: &str,
    ) -> Result<Option<T>, KvError> {
        match self.get(key)? {
            Some(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(KvError::Json),
            None => Ok(None),
        }
    }

    /// Sets `key` to `value` serialized as JSON.
    #[cfg(feature = "json")]
    pub fn set_json<T: serde::Serialize + ?Sized>(
        &self,
        key: &str,
        value: &T,
    ) -> Result<(), KvError> {
        let bytes = serde_json::to_vec(value).map_err(KvError::Json)?;
        self.set(key, bytes)
    }
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Store")
    }
}
