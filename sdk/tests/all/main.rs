//! The SDK's tests through its public API, in one binary.

mod body;
mod json;
mod signatures;
