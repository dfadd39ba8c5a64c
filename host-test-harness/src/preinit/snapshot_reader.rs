//! [`SnapshotReader`]: how wasmtime-wizer reads an initialized instance's
//! memories and globals, through the accessor exports it instrumented the
//! component with.

use wasmtime::Store;
use wasmtime::component::{Instance, Lift, WasmList};
use wasmtime_wizer::ComponentInstanceState;

/// Calls the instrumented accessors of `instance`. Wizer's interface has
/// no errors, so the first failure is kept and reported by
/// [`finish`](Self::finish), and the snapshot it spoiled is dropped.
pub(super) struct SnapshotReader<'a, T: 'static> {
    store: &'a mut Store<T>,
    instance: Instance,
    error: Option<anyhow::Error>,
}

impl<'a, T: Send> SnapshotReader<'a, T> {
    pub(super) fn new(store: &'a mut Store<T>, instance: Instance) -> Self {
        Self {
            store,
            instance,
            error: None,
        }
    }

    /// Fails if any read failed.
    pub(super) fn finish(self) -> anyhow::Result<()> {
        match self.error {
            Some(error) => Err(error.context("cannot read the initialized instance")),
            None => Ok(()),
        }
    }

    async fn call<R: Lift + Send + Sync + 'static, O: Default>(
        &mut self,
        interface: &str,
        func: &str,
        read: impl FnOnce(&Store<T>, R) -> O,
    ) -> O {
        match self.try_call::<R>(interface, func).await {
            Ok(value) => read(self.store, value),
            Err(error) => {
                self.error.get_or_insert(error);
                O::default()
            }
        }
    }

    async fn try_call<R: Lift + Send + Sync + 'static>(
        &mut self,
        interface: &str,
        func: &str,
    ) -> anyhow::Result<R> {
        let missing = || anyhow::anyhow!("the instrumented component has no `{interface}#{func}`");
        let parent = self
            .instance
            .get_export_index(&mut *self.store, None, interface)
            .ok_or_else(missing)?;
        let index = self
            .instance
            .get_export_index(&mut *self.store, Some(&parent), func)
            .ok_or_else(missing)?;
        let typed = self
            .instance
            .get_typed_func::<(), (R,)>(&mut *self.store, index)?;
        Ok(typed.call_async(&mut *self.store, ()).await?.0)
    }
}

impl<T: Send> ComponentInstanceState for SnapshotReader<'_, T> {
    async fn call_func_ret_list_u8(
        &mut self,
        instance: &str,
        func: &str,
        contents: impl FnOnce(&[u8]) + Send,
    ) {
        let mut contents = Some(contents);
        self.call(instance, func, |store, list: WasmList<u8>| {
            if let Some(contents) = contents.take() {
                contents(list.as_le_slice(store));
            }
        })
        .await;
        // A failed read still owes wizer its callback.
        if let Some(contents) = contents {
            contents(&[]);
        }
    }

    async fn call_func_ret_s32(&mut self, instance: &str, func: &str) -> i32 {
        self.call(instance, func, |_, value: i32| value).await
    }

    async fn call_func_ret_s64(&mut self, instance: &str, func: &str) -> i64 {
        self.call(instance, func, |_, value: i64| value).await
    }

    async fn call_func_ret_f32(&mut self, instance: &str, func: &str) -> u32 {
        self.call(instance, func, |_, value: f32| value.to_bits())
            .await
    }

    async fn call_func_ret_f64(&mut self, instance: &str, func: &str) -> u64 {
        self.call(instance, func, |_, value: f64| value.to_bits())
            .await
    }
}
