//! [`LiveApp`]: the version of the app new requests get, which `edge serve
//! --watch` replaces after a rebuild while requests in flight finish on the
//! version they started with.

use std::sync::{Arc, PoisonError, RwLock};

use edge_harness::runtime::HostedApp;

/// The app being served, replaceable while it serves.
pub(crate) struct LiveApp {
    current: RwLock<Arc<HostedApp>>,
}

impl LiveApp {
    pub(crate) fn new(app: HostedApp) -> Arc<Self> {
        Arc::new(Self {
            current: RwLock::new(Arc::new(app)),
        })
    }

    /// The version a request starting now gets; it keeps it to the end.
    pub(crate) fn current(&self) -> Arc<HostedApp> {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Makes `app` the version new requests get.
    pub(crate) fn replace(&self, app: HostedApp) {
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(app);
    }
}
