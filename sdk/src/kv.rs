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
//!
//! On edge's hosts (`edge serve`, `TestApp`) every call is one transaction:
//! a `set_many` or `delete_many` is written whole or not at all, never half.
//! A call the deadline stops before it commits writes nothing; a call that
//! commits (or is committing) as the deadline passes is kept, although the
//! request then answers 504. So a 504 means "maybe written": make writes
//! that a retry may repeat safe to repeat. Values,
//! keys per store and bytes per store have quotas (`kv-max-value-kib`,
//! `kv-max-keys`, `kv-max-store-mib`), and one read returns at most
//! `max-host-call-mib`: past them the call fails with a [`KvError`] that
//! names the limit.

use std::fmt;

pub use crate::kv_error::KvError;

/// One page of keys from [`Store::keys`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct KeyPage {
    /// The keys of this page.
    pub keys: Vec<String>,
    /// Where the next page starts; `None` on the last page.
    pub cursor: Option<u64>,
}

/// An open key-value store. It keeps the name it was opened with, and
/// every error it returns names it.
pub struct Store {
    name: String,
    #[cfg(target_arch = "wasm32")]
    bucket: crate::wasi::bindings::wasi::keyvalue::store::Bucket,
    #[cfg(not(target_arch = "wasm32"))]
    never: std::convert::Infallible,
}

#[cfg(target_arch = "wasm32")]
mod host {
    pub(super) use crate::wasi::bindings::wasi::keyvalue::{atomics, batch, store};

    /// The error for a host failure on the store named `store`.
    pub(super) fn error(store: &str, e: store::Error) -> super::KvError {
        let store = store.to_owned();
        match e {
            store::Error::NoSuchStore => super::KvError::NoSuchStore(store),
            store::Error::AccessDenied => super::KvError::AccessDenied(store),
            store::Error::Other(message) => super::KvError::Host { store, message },
        }
    }
}

/// Runs a host call, or says there is no host.
macro_rules! on_host {
    ($self:ident, |$bucket:ident| $call:expr) => {{
        #[cfg(target_arch = "wasm32")]
        {
            let $bucket = &$self.bucket;
            $call.map_err(|e| host::error(&$self.name, e))
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
                .map(|bucket| Self {
                    name: name.to_owned(),
                    bucket,
                })
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

    /// The name the store was opened with (`""` for the default store).
    pub fn name(&self) -> &str {
        &self.name
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
            Some(bytes) => from_json(&self.name, key, &bytes).map(Some),
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
        let bytes = serde_json::to_vec(value).map_err(|error| KvError::Json {
            store: self.name.clone(),
            key: key.to_owned(),
            error,
        })?;
        self.set(key, bytes)
    }
}

/// The value of `key` in store `store`, parsed from JSON.
#[cfg(feature = "json")]
fn from_json<T: serde::de::DeserializeOwned>(
    store: &str,
    key: &str,
    bytes: &[u8],
) -> Result<T, KvError> {
    serde_json::from_slice(bytes).map_err(|error| KvError::Json {
        store: store.to_owned(),
        key: key.to_owned(),
        error,
    })
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Store").field(&self.name).finish()
    }
}

#[cfg(all(test, feature = "json"))]
mod tests {
    #[test]
    fn a_value_that_is_not_the_expected_json_names_its_key_and_store() {
        let err = super::from_json::<u64>("sessions", "last", b"\"x\"").expect_err("not a number");
        assert!(
            err.to_string().starts_with(
                "the value of `last` in the key-value store `sessions` is not the expected JSON: "
            ),
            "{err}"
        );
        let err = super::from_json::<u64>("", "last", b"{").expect_err("not JSON");
        assert!(
            err.to_string().starts_with(
                "the value of `last` in the default key-value store is not the expected JSON: "
            ),
            "{err}"
        );
    }
}
