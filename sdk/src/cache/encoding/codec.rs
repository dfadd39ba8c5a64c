//! The byte layout of the records the cache keeps: fixed-width integers
//! (little-endian) and length-prefixed byte strings. No serde: a few
//! dozen lines cost less in every component than a format crate.
//!
//! Layer 1 (keys and encoding): imports nothing of the cache.

/// Appends fields to a record.
#[derive(Default)]
pub(crate) struct Encoder {
    pub(crate) bytes: Vec<u8>,
}

impl Encoder {
    pub(crate) fn u8(&mut self, value: u8) -> &mut Self {
        self.bytes.push(value);
        self
    }

    pub(crate) fn u16(&mut self, value: u16) -> &mut Self {
        self.bytes.extend_from_slice(&value.to_le_bytes());
        self
    }

    pub(crate) fn u32(&mut self, value: u32) -> &mut Self {
        self.bytes.extend_from_slice(&value.to_le_bytes());
        self
    }

    pub(crate) fn u64(&mut self, value: u64) -> &mut Self {
        self.bytes.extend_from_slice(&value.to_le_bytes());
        self
    }

    /// A byte string, its length first.
    pub(crate) fn bytes(&mut self, value: &[u8]) -> &mut Self {
        // Every field is far below 4 GiB: the cache never stores more.
        self.u32(value.len() as u32);
        self.bytes.extend_from_slice(value);
        self
    }
}

/// Reads fields back; every read is `None` past the end, so a truncated
/// or foreign record is refused rather than misread.
pub(crate) struct Decoder<'a> {
    rest: &'a [u8],
}

impl<'a> Decoder<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self { rest: bytes }
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.rest.len() < n {
            return None;
        }
        let (head, rest) = self.rest.split_at(n);
        self.rest = rest;
        Some(head)
    }

    pub(crate) fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    pub(crate) fn u16(&mut self) -> Option<u16> {
        self.take(2)?.try_into().ok().map(u16::from_le_bytes)
    }

    pub(crate) fn u32(&mut self) -> Option<u32> {
        self.take(4)?.try_into().ok().map(u32::from_le_bytes)
    }

    pub(crate) fn u64(&mut self) -> Option<u64> {
        self.take(8)?.try_into().ok().map(u64::from_le_bytes)
    }

    pub(crate) fn bytes(&mut self) -> Option<&'a [u8]> {
        let len = self.u32()? as usize;
        self.take(len)
    }

    pub(crate) fn text(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }

    /// Whether everything was read.
    pub(crate) fn at_end(&self) -> bool {
        self.rest.is_empty()
    }

    /// What is left, whole.
    pub(crate) fn rest(self) -> &'a [u8] {
        self.rest
    }
}

#[cfg(test)]
mod tests {
    use super::{Decoder, Encoder};

    #[test]
    fn fields_read_back_in_order_and_a_short_record_reads_none() {
        let mut e = Encoder::default();
        e.u8(1).u16(2).u32(3).u64(4).bytes(b"five");
        let mut d = Decoder::new(&e.bytes);
        assert_eq!(d.u8(), Some(1));
        assert_eq!(d.u16(), Some(2));
        assert_eq!(d.u32(), Some(3));
        assert_eq!(d.u64(), Some(4));
        assert_eq!(d.text(), Some("five"));
        assert_eq!(d.u8(), None);

        let mut short = Decoder::new(&e.bytes[..e.bytes.len() - 1]);
        short.u8();
        short.u16();
        short.u32();
        short.u64();
        assert_eq!(short.bytes(), None);
    }
}
