//! The router's tests through its public API, in one binary.

mod helpers;
mod middleware;
mod registration;
mod routing;
