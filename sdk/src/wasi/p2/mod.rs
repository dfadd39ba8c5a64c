//! The WASI 0.2 backend: requests come through `wasi:http/incoming-handler`
//! with a response-outparam, go out through `wasi:http/outgoing-handler`,
//! and bodies move over `wasi:io` streams, waited on with pollables.

pub(crate) mod incoming;
pub(crate) mod outbound;
pub(crate) mod outgoing;
mod streams;
