//! The rate-limit plugin's tests, in one binary.

mod clients;
mod rate_limit;
mod store;
