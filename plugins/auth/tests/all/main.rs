//! The auth plugin's tests, in one binary.

mod auth;
mod chain;
