//! Building an app package into the component that ships (pre-initialized
//! when the app declares state built once), and reading what a component
//! imports and exports.

mod app_build;
mod cargo_build;
mod component_info;
mod preinit_step;

pub use app_build::{AppBuild, BuiltApp, PreinitReport};
pub use cargo_build::{Progress, WASM_TARGET, build_package, rebuild_package};
pub use component_info::ComponentInfo;
