//! [`Slot`]: the record at a ring slot (`ec/s/…`, `ec/k/…`), which says
//! what the write that takes the slot next must evict.
//!
//! Layer 1 (keys and encoding): imports only the codec.

use super::codec::{Decoder, Encoder};

/// What one ring slot holds: which write took it, so that the write that
/// takes the slot next can remove that entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Slot {
    /// The version of the entry (unique per write).
    pub(crate) version: u64,
    /// In the chunk ring: how many chunks the write had written with this
    /// one (0 in the head ring).
    pub(crate) max_chunks: u32,
    /// The entry's head key.
    pub(crate) head_key: String,
    /// A Vary marker this write created, with its id: it goes with the entry.
    pub(crate) marker: Option<(String, u64)>,
}

impl Slot {
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut e = Encoder::default();
        e.u64(self.version)
            .u32(self.max_chunks)
            .bytes(self.head_key.as_bytes());
        if let Some((key, id)) = &self.marker {
            e.bytes(key.as_bytes()).u64(*id);
        }
        e.bytes
    }

    pub(crate) fn decode(bytes: &[u8]) -> Option<Slot> {
        let mut d = Decoder::new(bytes);
        let version = d.u64()?;
        let max_chunks = d.u32()?;
        let head_key = d.text()?.to_owned();
        let marker = match d.text() {
            Some(key) => Some((key.to_owned(), d.u64()?)),
            None => None,
        };
        Some(Slot {
            version,
            max_chunks,
            head_key,
            marker,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_read_back_as_written() {
        for slot in [
            Slot {
                version: 9,
                max_chunks: 4,
                head_key: "ec/h/abc".into(),
                marker: None,
            },
            Slot {
                version: 10,
                max_chunks: 0,
                head_key: "ec/h/def".into(),
                marker: Some(("ec/h/abc".into(), 9)),
            },
        ] {
            assert_eq!(Slot::decode(&slot.encode()), Some(slot));
        }
        assert_eq!(Slot::decode(b"short"), None);
    }
}
