//! The host side of `wasi:keyvalue` (store, atomics, batch) over a
//! [`KvStorage`](super::KvStorage), through the contract
//! ([`KvStore`](super::KvStore)).
//!
//! A small call (one key, or a few small values) runs at once on the async
//! worker when the storage can answer it from memory without waiting
//! (`KvStorage::read_at_once`): a few microseconds; a small read of a
//! storage that waits on a server (Redis) awaits it on the worker
//! (`KvStorage::values_async`): one round trip. Any other call runs on
//! a blocking thread, never on the async workers, and is bounded by the
//! request's deadline: when the deadline passes, the guest traps with a
//! timeout at once, whatever the storage is doing, and a write still
//! running stops before it commits (batches are all or nothing).

use std::time::Instant;

use wasmtime::component::{HasData, Linker, Resource, ResourceTable};

use super::storage::PAGE_SIZE;
use super::{KvAccess, KvError, KvFuture, KvQuota, KvStorage, KvStore};
use crate::runtime::{HostCallDeadline, RequestDeadline};

mod generated {
    wasmtime::component::bindgen!({
        path: "wit/keyvalue",
        world: "wasi:keyvalue/imports",
        imports: { default: async | trappable },
        with: {
            "wasi:keyvalue/store.bucket": super::Bucket,
        },
        trappable_error_type: {
            "wasi:keyvalue/store.error" => super::KvFault,
        },
    });
}

use generated::wasi::keyvalue::{atomics, batch, store};

/// An open store, as the guest holds it.
#[allow(unreachable_pub, reason = "bindgen re-exports it from a public module")]
pub struct Bucket {
    store: String,
}

/// A failure of a key-value call: an error the guest sees, or a trap.
#[allow(unreachable_pub, reason = "bindgen names it in public signatures")]
pub enum KvFault {
    NoSuchStore,
    Other(String),
    Trap(wasmtime::Error),
}

impl From<wasmtime::component::ResourceTableError> for KvFault {
    fn from(e: wasmtime::component::ResourceTableError) -> Self {
        Self::Trap(e.into())
    }
}

/// What the key-value host functions see of a request's state.
pub(crate) struct KvView<'a> {
    pub(crate) access: &'a KvAccess,
    pub(crate) table: &'a mut ResourceTable,
    pub(crate) deadline: &'a RequestDeadline,
    pub(crate) quota: KvQuota,
    pub(crate) max_call_bytes: usize,
}

impl KvView<'_> {
    fn store(&self, bucket: &Resource<Bucket>) -> Result<String, KvFault> {
        Ok(self.table.get(bucket)?.store.clone())
    }

    /// Runs `work` on the store `bucket` names, given the request's
    /// deadline: at once on this thread if the call is `small` and the
    /// storage can, else on a blocking thread; the guest traps with a
    /// timeout if the deadline comes first.
    ///
    /// The future borrows nothing of the view, so that it can be sent
    /// across threads while the call waits.
    fn call<R: Send + 'static>(
        &self,
        bucket: &Resource<Bucket>,
        small: bool,
        work: impl Fn(KvStore<'_>, Instant) -> Result<R, KvError> + Send + 'static,
    ) -> impl Future<Output = Result<R, KvFault>> + Send + 'static {
        self.call_or_wait(bucket, small, |_, _, _| None, work)
    }

    /// [`call`](Self::call), with one more way for a `small` call that
    /// cannot run at once: `wait`, a future of the storage's that waits on
    /// a server from this thread (see `KvStorage::values_async`); only if
    /// it offers none does `work` go to a blocking thread.
    fn call_or_wait<R: Send + 'static>(
        &self,
        bucket: &Resource<Bucket>,
        small: bool,
        wait: impl FnOnce(&dyn KvStorage, &str, Instant) -> Option<KvFuture<R>> + Send + 'static,
        work: impl Fn(KvStore<'_>, Instant) -> Result<R, KvError> + Send + 'static,
    ) -> impl Future<Output = Result<R, KvFault>> + Send + 'static {
        let store = self.store(bucket);
        let storage = self.access.shared_storage();
        let limit = self.deadline.limit();
        let deadline = self.deadline.at();
        async move {
            let store = store?;
            let mut done = None;
            if small {
                match work(KvStore::new(&*storage, &store).at_once(), deadline) {
                    Err(KvError::NotAtOnce) => {
                        if let Some(waiting) = wait(&*storage, &store, deadline) {
                            done = Some(
                                tokio::time::timeout_at(deadline.into(), waiting)
                                    .await
                                    .unwrap_or(Err(KvError::Deadline)),
                            );
                        }
                    }
                    at_once => done = Some(at_once),
                }
            }
            let done = match done {
                Some(done) => done,
                None => {
                    let task = tokio::task::spawn_blocking(move || {
                        work(KvStore::new(&*storage, &store), deadline)
                    });
                    match tokio::time::timeout_at(deadline.into(), task).await {
                        Ok(Ok(done)) => done,
                        Err(_) => Err(KvError::Deadline),
                        Ok(Err(join)) => {
                            return Err(KvFault::Trap(wasmtime::Error::msg(format!(
                                "the key-value storage failed: {join}"
                            ))));
                        }
                    }
                }
            };
            match done {
                Ok(value) => Ok(value),
                Err(KvError::Deadline) => Err(KvFault::Trap(HostCallDeadline(limit).into())),
                Err(refused) => Err(KvFault::Other(refused.to_string())),
            }
        }
    }

    /// Reads `keys` as [`call_or_wait`](Self::call_or_wait) does, and
    /// answers `then` of their values.
    fn read_values<R: Send + 'static>(
        &self,
        bucket: &Resource<Bucket>,
        keys: Vec<String>,
        then: fn(&[String], Values) -> R,
    ) -> impl Future<Output = Result<R, KvFault>> + Send + 'static {
        let max = self.max_call_bytes;
        let small = small(keys.iter().map(|k| (k.as_str(), 0)));
        let asked = keys.clone();
        self.call_or_wait(
            bucket,
            small,
            move |storage, store, deadline| {
                let waiting = storage.values_async(store, &asked, max, deadline)?;
                Some(Box::pin(async move { Ok(then(&asked, waiting.await?)) }) as KvFuture<R>)
            },
            move |kv, deadline| Ok(then(&keys, kv.get_many(&keys, max, deadline)?)),
        )
    }
}

/// The values read at some keys, in their order (`None`: no value).
type Values = Vec<Option<Vec<u8>>>;

/// The most keys of a batch that runs at once on the async worker.
const AT_ONCE_KEYS: usize = 16;

/// The most bytes of keys and values a call that runs at once may carry.
const AT_ONCE_BYTES: usize = 64 << 10;

/// Whether a call on `pairs` is small enough to run at once.
fn small<'a>(pairs: impl ExactSizeIterator<Item = (&'a str, usize)>) -> bool {
    pairs.len() <= AT_ONCE_KEYS
        && pairs
            .map(|(key, value)| key.len().saturating_add(value))
            .sum::<usize>()
            <= AT_ONCE_BYTES
}

struct HasKv;

impl HasData for HasKv {
    type Data<'a> = KvView<'a>;
}

/// Links `wasi:keyvalue/{store,atomics,batch}@0.2.0-draft`.
pub(crate) fn add_to_linker<T: Send + 'static>(
    linker: &mut Linker<T>,
    view: fn(&mut T) -> KvView<'_>,
) -> wasmtime::Result<()> {
    store::add_to_linker::<T, HasKv>(linker, view)?;
    atomics::add_to_linker::<T, HasKv>(linker, view)?;
    batch::add_to_linker::<T, HasKv>(linker, view)?;
    Ok(())
}

impl store::Host for KvView<'_> {
    async fn open(&mut self, identifier: String) -> Result<Resource<Bucket>, KvFault> {
        let store = self
            .access
            .resolve(&identifier)
            .ok_or(KvFault::NoSuchStore)?;
        Ok(self.table.push(Bucket { store })?)
    }

    fn convert_error(&mut self, fault: KvFault) -> wasmtime::Result<store::Error> {
        match fault {
            KvFault::NoSuchStore => Ok(store::Error::NoSuchStore),
            KvFault::Other(message) => Ok(store::Error::Other(message)),
            KvFault::Trap(e) => Err(e),
        }
    }
}

impl store::HostBucket for KvView<'_> {
    async fn get(
        &mut self,
        bucket: Resource<Bucket>,
        key: String,
    ) -> Result<Option<Vec<u8>>, KvFault> {
        self.read_values(&bucket, vec![key], |_, mut values| values.remove(0))
            .await
    }

    async fn set(
        &mut self,
        bucket: Resource<Bucket>,
        key: String,
        value: Vec<u8>,
    ) -> Result<(), KvFault> {
        let quota = self.quota;
        let pairs = [(key, value)];
        let small = small(pairs.iter().map(|(k, v)| (k.as_str(), v.len())));
        self.call(&bucket, small, move |kv, deadline| {
            kv.set_many(&pairs, &quota, deadline)
        })
        .await
    }

    async fn delete(&mut self, bucket: Resource<Bucket>, key: String) -> Result<(), KvFault> {
        let keys = [key];
        let small = small(keys.iter().map(|k| (k.as_str(), 0)));
        self.call(&bucket, small, move |kv, deadline| {
            kv.delete_many(&keys, deadline)
        })
        .await
    }

    async fn exists(&mut self, bucket: Resource<Bucket>, key: String) -> Result<bool, KvFault> {
        self.read_values(&bucket, vec![key], |_, values| values[0].is_some())
            .await
    }

    async fn list_keys(
        &mut self,
        bucket: Resource<Bucket>,
        cursor: Option<u64>,
    ) -> Result<store::KeyResponse, KvFault> {
        let offset = usize::try_from(cursor.unwrap_or(0)).unwrap_or(usize::MAX);
        let (keys, more) = self
            // A listing skips `offset` keys: never on the async worker.
            .call(&bucket, false, move |kv, deadline| {
                kv.keys(offset, PAGE_SIZE, deadline)
            })
            .await?;
        let cursor = more.then(|| (offset + keys.len()) as u64);
        Ok(store::KeyResponse { keys, cursor })
    }

    async fn drop(&mut self, bucket: Resource<Bucket>) -> wasmtime::Result<()> {
        self.table.delete(bucket)?;
        Ok(())
    }
}

impl atomics::Host for KvView<'_> {
    async fn increment(
        &mut self,
        bucket: Resource<Bucket>,
        key: String,
        delta: u64,
    ) -> Result<u64, KvFault> {
        let quota = self.quota;
        let small = small([(key.as_str(), 0)].into_iter());
        self.call(&bucket, small, move |kv, deadline| {
            kv.increment(&key, delta, &quota, deadline)
        })
        .await
    }
}

impl batch::Host for KvView<'_> {
    async fn get_many(
        &mut self,
        bucket: Resource<Bucket>,
        keys: Vec<String>,
    ) -> Result<Vec<Option<(String, Vec<u8>)>>, KvFault> {
        self.read_values(&bucket, keys, |keys, values| {
            keys.iter()
                .cloned()
                .zip(values)
                .map(|(key, value)| value.map(|v| (key, v)))
                .collect()
        })
        .await
    }

    async fn set_many(
        &mut self,
        bucket: Resource<Bucket>,
        pairs: Vec<(String, Vec<u8>)>,
    ) -> Result<(), KvFault> {
        let quota = self.quota;
        let small = small(pairs.iter().map(|(k, v)| (k.as_str(), v.len())));
        self.call(&bucket, small, move |kv, deadline| {
            kv.set_many(&pairs, &quota, deadline)
        })
        .await
    }

    async fn delete_many(
        &mut self,
        bucket: Resource<Bucket>,
        keys: Vec<String>,
    ) -> Result<(), KvFault> {
        let small = small(keys.iter().map(|k| (k.as_str(), 0)));
        self.call(&bucket, small, move |kv, deadline| {
            kv.delete_many(&keys, deadline)
        })
        .await
    }
}
