//! The cache proxy's tests, in one binary.

#[path = "../support/mod.rs"]
mod support;

mod any_status;
mod cache_status;
mod collapsing;
mod conditional_requests;
mod connection_fields;
mod head_requests;
mod header_reading;
mod hostile_store;
mod http_semantics;
mod invalidation;
mod odd_origins;
mod origin_timeouts;
mod other_variants;
mod poisoning;
mod ranges;
mod request_directives;
mod stale_without_validators;
mod store;
mod vary_race;
mod vary_values;
