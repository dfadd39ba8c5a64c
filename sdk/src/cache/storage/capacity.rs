//! [`Capacity`]: the sizes of the two rings that bound the store (the
//! rings themselves are layer 3's).
//!
//! Layer 2 (store calls only): imports layer 1's body layout.

use crate::cache::encoding::head::CHUNK_SIZE;

/// The sizes of the two rings that bound the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Capacity {
    /// Head slots: the most entries kept.
    pub(crate) entries: u64,
    /// Chunk slots: the most body chunks kept (each ≤ [`CHUNK_SIZE`]).
    pub(crate) chunks: u64,
}

impl Default for Capacity {
    /// 2048 entries and 256 chunks (64 MiB of bodies in chunks): at most
    /// about 100 MiB in all, within the 256 MiB `edge serve` gives a store.
    fn default() -> Self {
        Self {
            entries: 2048,
            chunks: 256,
        }
    }
}

impl Capacity {
    /// The chunk slots that hold `bytes` of bodies.
    pub(crate) fn chunks_for(bytes: u64) -> u64 {
        bytes.div_ceil(CHUNK_SIZE as u64)
    }
}
