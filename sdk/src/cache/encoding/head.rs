//! [`Head`]: the record at a head key (`ec/h/…`), an entry's head or a
//! Vary marker, and how an entry's body is laid out: inline in its head
//! up to [`INLINE_MAX`], else in chunks of [`CHUNK_SIZE`].
//!
//! Layer 1 (keys and encoding): imports only the codec.

use bytes::Bytes;

use super::codec::{Decoder, Encoder};

/// Bodies are stored in chunks of at most this many bytes (256 KiB), so
/// that no value comes near a host's limit on a value's size.
pub(crate) const CHUNK_SIZE: usize = 256 * 1024;

/// A body at most this long (16 KiB) is kept in its head: a hit then costs
/// one read.
pub(crate) const INLINE_MAX: usize = 16 * 1024;

/// The first bytes of every head: a record of another layout (or none of
/// ours) is read as absent. (`ec1` wrote its counts in 16 bits.)
const MAGIC: &[u8] = b"ec2";
const ENTRY: u8 = 0;
const MARKER: u8 = 1;

/// What a head key holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Head {
    /// A stored entry and where its body is.
    Entry(Entry),
    /// The response stored here varies on request headers: the variants
    /// live under keys derived from these header values.
    Marker(Marker),
}

/// A stored entry: what the layer above keeps in `meta`, and its body,
/// inline or in `chunks` chunks under `version`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// Unique to this write: its chunks' keys and its ring slots name it.
    pub(crate) version: u64,
    /// When the entry may be removed (milliseconds since the Unix epoch).
    pub(crate) retain_until: u64,
    /// Each tag with its purge generation when the entry was stored.
    pub(crate) tags: Vec<(String, Vec<u8>)>,
    /// The purge epoch then (`ec/purges`): while it has not moved, no tag
    /// was purged since, and the tags need no checking.
    pub(crate) epoch: Vec<u8>,
    /// The layer above's own fields (the HTTP cache's stored response, a
    /// simple-cache key).
    pub(crate) meta: Vec<u8>,
    pub(crate) body_len: u64,
    /// 0: the body is `inline`.
    pub(crate) chunks: u32,
    pub(crate) inline: Bytes,
}

/// The header names a response varies on, and the id its variants' keys
/// are made with: the hash of the names (`keys::marker_id`), so that a
/// marker of other names never finds this one's variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marker {
    pub(crate) id: u64,
    pub(crate) names: Vec<String>,
    /// The variants stored lately with an entity tag, newest last, at most
    /// [`INDEXED_VARIANTS`]: a request for a variant not stored may ask
    /// the origin whether one of these will do. A hint, never trusted:
    /// whatever it names is read and checked before use.
    pub(crate) validated: Vec<Validated>,
}

/// One variant in a marker's index: its head key and its entity tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Validated {
    pub(crate) key: String,
    pub(crate) etag: Vec<u8>,
}

/// The most variants a marker indexes.
pub(crate) const INDEXED_VARIANTS: usize = 8;

/// The longest entity tag indexed: a longer one is not (its variant is
/// still stored, it is just not offered to other requests).
pub(crate) const INDEXED_ETAG_MAX: usize = 256;

impl Marker {
    /// The marker with `key`'s entity tag `etag` as its newest indexed
    /// variant (replacing what it said of `key`); the oldest goes past
    /// [`INDEXED_VARIANTS`]; a tag longer than [`INDEXED_ETAG_MAX`] only
    /// removes `key` from the index.
    pub(crate) fn indexing(mut self, key: &str, etag: &[u8]) -> Self {
        self.validated.retain(|v| v.key != key);
        if etag.len() <= INDEXED_ETAG_MAX {
            self.validated.push(Validated {
                key: key.to_owned(),
                etag: etag.to_vec(),
            });
        }
        let extra = self.validated.len().saturating_sub(INDEXED_VARIANTS);
        self.validated.drain(..extra);
        self
    }
}

/// A count as written: the layer above bounds tags and Vary names far
/// below `u32::MAX` (the HTTP cache's `head_limits`); past it, the
/// record reads back short and so as absent, never as other values.
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Head {
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut e = Encoder::default();
        e.bytes.extend_from_slice(MAGIC);
        match self {
            Head::Entry(entry) => {
                e.u8(ENTRY).u64(entry.version).u64(entry.retain_until);
                e.u32(count(entry.tags.len()));
                for (tag, generation) in &entry.tags {
                    e.bytes(tag.as_bytes()).bytes(generation);
                }
                e.bytes(&entry.epoch);
                e.bytes(&entry.meta).u64(entry.body_len).u32(entry.chunks);
                e.bytes.extend_from_slice(&entry.inline);
            }
            Head::Marker(m) => {
                e.u8(MARKER).u64(m.id).u32(count(m.names.len()));
                for name in &m.names {
                    e.bytes(name.as_bytes());
                }
                e.u32(count(m.validated.len()));
                for v in &m.validated {
                    e.bytes(v.key.as_bytes()).bytes(&v.etag);
                }
            }
        }
        e.bytes
    }

    /// The head in `bytes`, or `None` for anything else.
    pub(crate) fn decode(bytes: Vec<u8>) -> Option<Head> {
        let bytes = Bytes::from(bytes);
        let mut d = Decoder::new(bytes.strip_prefix(MAGIC)?);
        match d.u8()? {
            ENTRY => {
                let version = d.u64()?;
                let retain_until = d.u64()?;
                let tags = (0..d.u32()?)
                    .map(|_| Some((d.text()?.to_owned(), d.bytes()?.to_vec())))
                    .collect::<Option<_>>()?;
                let epoch = d.bytes()?.to_vec();
                let meta = d.bytes()?.to_vec();
                let body_len = d.u64()?;
                let chunks = d.u32()?;
                let inline = bytes.slice(bytes.len() - d.rest().len()..);
                if chunks == 0 && inline.len() as u64 != body_len {
                    return None;
                }
                Some(Head::Entry(Entry {
                    version,
                    retain_until,
                    tags,
                    epoch,
                    meta,
                    body_len,
                    chunks,
                    inline,
                }))
            }
            MARKER => {
                let id = d.u64()?;
                let names = (0..d.u32()?)
                    .map(|_| d.text().map(str::to_owned))
                    .collect::<Option<_>>()?;
                // A marker written before the index had none.
                let validated = if d.at_end() {
                    Vec::new()
                } else {
                    (0..d.u32()?)
                        .map(|_| {
                            Some(Validated {
                                key: d.text()?.to_owned(),
                                etag: d.bytes()?.to_vec(),
                            })
                        })
                        .collect::<Option<_>>()?
                };
                Some(Head::Marker(Marker {
                    id,
                    names,
                    validated,
                }))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(chunks: u32, inline: &'static [u8]) -> Entry {
        Entry {
            version: 7,
            retain_until: 1_700_000_000_000,
            tags: vec![("news".into(), b"3".to_vec()), ("home".into(), Vec::new())],
            epoch: b"12".to_vec(),
            meta: b"meta".to_vec(),
            body_len: if chunks == 0 {
                inline.len() as u64
            } else {
                600_000
            },
            chunks,
            inline: Bytes::from_static(inline),
        }
    }

    #[test]
    fn heads_read_back_as_written() {
        for head in [
            Head::Entry(entry(0, b"an inline body")),
            Head::Entry(entry(3, b"")),
            Head::Marker(Marker {
                id: 42,
                names: vec!["accept-encoding".into(), "accept-language".into()],
                validated: Vec::new(),
            }),
            Head::Marker(marker().indexing("ec/h/b", b"\"b\"")),
        ] {
            assert_eq!(Head::decode(head.encode()), Some(head));
        }
    }

    fn marker() -> Marker {
        Marker {
            id: 42,
            names: vec!["accept-language".into()],
            validated: Vec::new(),
        }
    }

    #[test]
    fn a_marker_written_before_the_index_reads_with_none() {
        let mut old = MAGIC.to_vec();
        old.extend_from_slice(&[MARKER]);
        old.extend_from_slice(&42u64.to_le_bytes());
        old.extend_from_slice(&1u32.to_le_bytes());
        old.extend_from_slice(&15u32.to_le_bytes());
        old.extend_from_slice(b"accept-language");
        assert_eq!(Head::decode(old), Some(Head::Marker(marker())));
    }

    #[test]
    fn the_index_keeps_the_newest_variants_once_each_and_no_long_tags() {
        let mut m = marker()
            .indexing("ec/h/a", b"\"1\"")
            .indexing("ec/h/a", b"\"2\"");
        assert_eq!(m.validated.len(), 1);
        assert_eq!(m.validated[0].etag, b"\"2\"");
        for i in 0..20 {
            m = m.indexing(&format!("ec/h/{i}"), b"\"x\"");
        }
        assert_eq!(m.validated.len(), INDEXED_VARIANTS);
        assert_eq!(m.validated[INDEXED_VARIANTS - 1].key, "ec/h/19");
        assert_eq!(m.validated[0].key, "ec/h/12");
        let long = vec![b'a'; INDEXED_ETAG_MAX + 1];
        let m = m.indexing("ec/h/19", &long);
        assert!(m.validated.iter().all(|v| v.key != "ec/h/19"));
    }

    #[test]
    fn a_foreign_truncated_or_inconsistent_record_reads_as_absent() {
        assert_eq!(Head::decode(b"41".to_vec()), None);
        assert_eq!(Head::decode(Vec::new()), None);
        let whole = Head::Entry(entry(0, b"body")).encode();
        for cut in 0..whole.len() - 4 {
            assert_eq!(Head::decode(whole[..cut].to_vec()), None, "cut at {cut}");
        }
        // An inline body shorter than the length it claims.
        assert_eq!(Head::decode(whole[..whole.len() - 1].to_vec()), None);
    }
}
