//! The `edge` command's tests that measure a server: latencies under
//! attack or load, resident memory, file descriptors. Each takes
//! `support::alone()` first, so they run one at a time, in a binary of
//! their own: no other test's load skews what they compare.

#[path = "../support/mod.rs"]
mod support;

mod hostile_clients;
mod kv_batch_deadline;
mod kv_stall;
mod soak;
mod watch_idle;
