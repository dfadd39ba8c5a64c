//! The host side of `wasi:keyvalue` (store, atomics, batch) over a
//! [`KvStorage`](super::KvStorage).

use wasmtime::component::{HasData, Linker, Resource, ResourceTable};

use super::KvAccess;
use super::storage::PAGE_SIZE;

mod generated {
    wasmtime::component::bindgen!({
        path: "../wit/deps/keyvalue",
        world: "wasi:keyvalue/imports",
        imports: { default: trappable },
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
}

impl KvView<'_> {
    fn store(&self, bucket: &Resource<Bucket>) -> Result<String, KvFault> {
        Ok(self.table.get(bucket)?.store.clone())
    }
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
    fn open(&mut self, identifier: String) -> Result<Resource<Bucket>, KvFault> {
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
    fn get(&mut self, bucket: Resource<Bucket>, key: String) -> Result<Option<Vec<u8>>, KvFault> {
        let store = self.store(&bucket)?;
        self.access
            .storage()
            .get(&store, &key)
            .map_err(KvFault::Other)
    }

    fn set(
        &mut self,
        bucket: Resource<Bucket>,
        key: String,
        value: Vec<u8>,
    ) -> Result<(), KvFault> {
        let store = self.store(&bucket)?;
        self.access
            .storage()
            .set(&store, &key, &value)
            .map_err(KvFault::Other)
    }

    fn delete(&mut self, bucket: Resource<Bucket>, key: String) -> Result<(), KvFault> {
        let store = self.store(&bucket)?;
        self.access
            .storage()
            .delete(&store, &key)
            .map_err(KvFault::Other)
    }

    fn exists(&mut self, bucket: Resource<Bucket>, key: String) -> Result<bool, KvFault> {
        let store = self.store(&bucket)?;
        let found = self
            .access
            .storage()
            .get(&store, &key)
            .map_err(KvFault::Other)?;
        Ok(found.is_some())
    }

    fn list_keys(
        &mut self,
        bucket: Resource<Bucket>,
        cursor: Option<u64>,
    ) -> Result<store::KeyResponse, KvFault> {
        let store = self.store(&bucket)?;
        let offset = usize::try_from(cursor.unwrap_or(0)).unwrap_or(usize::MAX);
        let (keys, more) = self
            .access
            .storage()
            .keys(&store, offset, PAGE_SIZE)
            .map_err(KvFault::Other)?;
        let cursor = more.then(|| (offset + keys.len()) as u64);
        Ok(store::KeyResponse { keys, cursor })
    }

    fn drop(&mut self, bucket: Resource<Bucket>) -> wasmtime::Result<()> {
        self.table.delete(bucket)?;
        Ok(())
    }
}

impl atomics::Host for KvView<'_> {
    fn increment(
        &mut self,
        bucket: Resource<Bucket>,
        key: String,
        delta: u64,
    ) -> Result<u64, KvFault> {
        let store = self.store(&bucket)?;
        self.access
            .storage()
            .increment(&store, &key, delta)
            .map_err(KvFault::Other)
    }
}

impl batch::Host for KvView<'_> {
    fn get_many(
        &mut self,
        bucket: Resource<Bucket>,
        keys: Vec<String>,
    ) -> Result<Vec<Option<(String, Vec<u8>)>>, KvFault> {
        let store = self.store(&bucket)?;
        keys.into_iter()
            .map(|key| {
                let value = self
                    .access
                    .storage()
                    .get(&store, &key)
                    .map_err(KvFault::Other)?;
                Ok(value.map(|v| (key, v)))
            })
            .collect()
    }

    fn set_many(
        &mut self,
        bucket: Resource<Bucket>,
        pairs: Vec<(String, Vec<u8>)>,
    ) -> Result<(), KvFault> {
        let store = self.store(&bucket)?;
        for (key, value) in pairs {
            self.access
                .storage()
                .set(&store, &key, &value)
                .map_err(KvFault::Other)?;
        }
        Ok(())
    }

    fn delete_many(&mut self, bucket: Resource<Bucket>, keys: Vec<String>) -> Result<(), KvFault> {
        let store = self.store(&bucket)?;
        for key in keys {
            self.access
                .storage()
                .delete(&store, &key)
                .map_err(KvFault::Other)?;
        }
        Ok(())
    }
}
