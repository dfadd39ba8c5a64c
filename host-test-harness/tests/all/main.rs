//! The host's integration tests, in one binary (linked once, as wasmtime's
//! `tests/all`). Two stay apart because they measure the whole process:
//! `component_cache` counts the process's compilations, `hostile_guests`
//! its peak resident memory.

#[path = "../support/mod.rs"]
mod support;

mod capabilities;
mod hardening;
mod instance_reuse;
mod load_errors;
mod outbound_policy;
mod plugin_grants;
mod plugins_p3;
mod preinit;
mod request_timing;
mod test_api;
mod test_programs_have_tests;
