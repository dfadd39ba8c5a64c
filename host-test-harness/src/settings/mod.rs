//! Settings: limits and grants, from whichever layer gives them (`edge
//! serve`'s flags, `edge.toml`, a test's builder), merged by one rule.

mod app_settings;
mod limit_settings;
mod limits;
mod manifest;
mod plugin_grant;

pub use app_settings::AppSettings;
pub use limit_settings::LimitSettings;
pub use limits::Limits;
pub use manifest::{
    KvSection, MANIFEST_FILE, Manifest, OutboundSection, PluginsSection, manifest_settings,
};
pub use plugin_grant::PluginGrant;
