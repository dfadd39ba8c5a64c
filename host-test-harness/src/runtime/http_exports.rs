//! [`HttpExports`]: which `wasi:http` handler a component exports (0.2's
//! `incoming-handler` or 0.3's `handler`), found per component.

use std::fmt;

use wasmtime::component::{Component, InstancePre};
use wasmtime_wasi_http::p2::bindings::ProxyPre;
use wasmtime_wasi_http::p3::bindings::ServicePre;

use super::request_state::RequestState;

/// The `wasi:http` version a component speaks: the one its handler export
/// belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WasiHttpVersion {
    /// WASI 0.2: `export wasi:http/incoming-handler@0.2.x`.
    P2,
    /// WASI 0.3: `export wasi:http/handler@0.3.x`.
    P3,
}

impl fmt::Display for WasiHttpVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::P2 => "wasi:http 0.2",
            Self::P3 => "wasi:http 0.3",
        })
    }
}

impl std::str::FromStr for WasiHttpVersion {
    type Err = anyhow::Error;

    /// `0.2` or `0.3` (also `p2`, `p3`).
    fn from_str(text: &str) -> anyhow::Result<Self> {
        match text.trim() {
            "0.2" | "p2" => Ok(Self::P2),
            "0.3" | "p3" => Ok(Self::P3),
            other => anyhow::bail!(
                "unknown WASI version `{}`: use 0.2 or 0.3",
                super::log_text(other)
            ),
        }
    }
}

impl WasiHttpVersion {
    /// The version of the handler interface `name` names
    /// (`wasi:http/incoming-handler@0.2.6`: 0.2; `wasi:http/handler@0.3.0`:
    /// 0.3); `None` for another interface.
    pub fn of_handler(name: &str) -> Option<Self> {
        if name.starts_with("wasi:http/incoming-handler@0.2.") {
            Some(Self::P2)
        } else if name.starts_with("wasi:http/handler@0.3.") {
            Some(Self::P3)
        } else {
            None
        }
    }

    /// The version `EDGE_WASI` names (`0.2` or `0.3`), 0.2 when unset: what
    /// `TestApp` builds an app for unless told, so one test suite runs
    /// against either build.
    ///
    /// # Errors
    ///
    /// When `EDGE_WASI` names neither.
    pub fn from_env() -> anyhow::Result<Self> {
        match std::env::var("EDGE_WASI") {
            Ok(text) => text
                .parse()
                .map_err(|e: anyhow::Error| e.context("in the environment variable EDGE_WASI")),
            Err(_) => Ok(Self::P2),
        }
    }
}

/// A component's handler, pre-instantiated for its `wasi:http` version.
#[derive(Clone)]
pub(crate) enum HttpExports {
    P2(ProxyPre<RequestState>),
    P3(ServicePre<RequestState>),
}

impl HttpExports {
    /// The handler `instance_pre` exports: 0.3's if it has one, else 0.2's.
    pub(crate) fn find(instance_pre: InstancePre<RequestState>) -> anyhow::Result<Self> {
        if let Ok(pre) = ServicePre::new(instance_pre.clone()) {
            return Ok(Self::P3(pre));
        }
        ProxyPre::new(instance_pre).map(Self::P2).map_err(|e| {
            anyhow::anyhow!(
                "the component exports neither `wasi:http/incoming-handler@0.2` nor \
                 `wasi:http/handler@0.3`, so it cannot serve HTTP ({e:#}); mark the app's \
                 handler with #[edge::main]"
            )
        })
    }

    pub(crate) fn version(&self) -> WasiHttpVersion {
        match self {
            Self::P2(_) => WasiHttpVersion::P2,
            Self::P3(_) => WasiHttpVersion::P3,
        }
    }

    pub(crate) fn engine(&self) -> &wasmtime::Engine {
        match self {
            Self::P2(pre) => pre.engine(),
            Self::P3(pre) => pre.engine(),
        }
    }
}

/// Refuses a component built against a pre-release of WASI 0.3 (such as
/// `wasi:http@0.3.0-rc-2025-09-16`): its names match nothing this host
/// links, and the error would otherwise be a missing import.
pub(crate) fn refuse_prerelease_p3(
    component: &Component,
    engine: &wasmtime::Engine,
) -> anyhow::Result<()> {
    let ty = component.component_type();
    let names = ty
        .imports(engine)
        .map(|(name, _)| name)
        .chain(ty.exports(engine).map(|(name, _)| name));
    for name in names {
        if let Some((_, version)) = name.split_once('@')
            && version.starts_with("0.3.0-")
        {
            let name = super::log_text(name);
            anyhow::bail!(
                "the component asks for `{name}`, a pre-release of WASI 0.3 that no final \
                 host speaks; this host speaks WASI 0.3.0 (`wasi:http@0.3.0`) and 0.2: \
                 rebuild it with an SDK that targets the final 0.3.0 (or 0.2)"
            );
        }
    }
    Ok(())
}
