//! Building an app package into a component, and reading what a component
//! imports and exports.

mod cargo_build;
mod component_info;

pub use cargo_build::{Progress, WASM_TARGET, build_package, rebuild_package};
pub use component_info::ComponentInfo;
