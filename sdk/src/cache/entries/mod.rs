//! Layer 3 of the cache: entries. The rings that bound the store, the
//! writer that stores an entry so that it is never half-visible, and the
//! reads of a stored entry (whether it may still be used, its body whole
//! or chunk by chunk). Imports layers 1 and 2 only.

pub(super) mod live;
pub(super) mod reader;
pub(super) mod ring;
pub(super) mod writer;
