//! The `edge` command's tests, in one binary (linked once, as wasmtime's
//! `tests/all`): each module is one concern, and its tests run side by
//! side. Tests that measure a server's latency or memory are in
//! `tests/measured`, where they run one at a time.

#[path = "../support/mod.rs"]
mod support;

mod build;
mod call;
mod client_address;
mod collapsing_served;
mod command_line;
mod compiled_cache;
mod compose;
mod composed_concurrency;
mod cut_body_served;
mod fleet_cache;
mod hardening_served;
mod hostile_guests_served;
mod kv_crash;
mod kv_redis;
mod markdown_demo;
mod new_app;
mod origin_framing_served;
mod outbound_policy_served;
mod planted_composition;
mod plugin_config_served;
mod serve;
mod stale_while_revalidate_served;
mod wasi_versions;
mod watch;
