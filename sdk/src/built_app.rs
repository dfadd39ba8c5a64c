//! The app an `#[edge::main]` function without a request builds: once per
//! instance, before it answers.
//!
//! When `edge build` pre-initializes the component, that once happens at
//! build time: the instance's memory, holding the built app, is snapshotted
//! into the component, and every request's fresh instance starts from it.
//! Without pre-initialization the first (and, in a fresh instance, only)
//! request builds it.

use std::cell::OnceCell;

use crate::{App, Body};

thread_local! {
    /// The built app. A component instance runs on one thread, so this is
    /// one slot per instance; it lives until the instance ends.
    static BUILT: OnceCell<&'static dyn App<Body>> = const { OnceCell::new() };
}

/// The app `build` returns, built on the first call of this instance.
pub(crate) fn built_app<A: App<Body> + 'static>(build: fn() -> A) -> &'static dyn App<Body> {
    BUILT.with(|slot| {
        *slot.get_or_init(|| {
            let app: &'static dyn App<Body> = Box::leak(Box::new(build()));
            app
        })
    })
}
