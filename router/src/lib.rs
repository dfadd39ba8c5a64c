//! The FlightPath-style router and middleware of the edge SDK.
//!
//! Being built: see the project's router issue. The crate exists so the
//! workspace has the layout DESIGN.md fixes; it exports nothing yet.
