//! Layer 4 of the cache: bodies as they stream. An origin's body written
//! to the cache as it passes ([`fill`]), and every body the cache hands
//! out behind one `Read` ([`stream`]). Imports layers 1 to 3 only.

pub(super) mod fill;
pub(super) mod stream;
