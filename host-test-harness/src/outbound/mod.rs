//! Outgoing HTTP: what a guest may reach (allowed hosts, mocks, nothing
//! else), and the record of what it sent.

mod mock;
mod policy;
mod transfer_coding;

pub use mock::{MockRequest, MockResponse, OutboundOutcome, OutboundRecord};
pub(crate) use policy::{MockFn, OutboundPolicy, OutboundRules};
