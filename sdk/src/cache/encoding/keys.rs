//! Where the cache keeps things in the key-value store. Every key starts
//! with `ec/`, so the cache can share a store with the app's own data:
//!
//! | key | value |
//! |---|---|
//! | `ec/h/<hash>` | an entry's head: its metadata and where its body is, or a Vary marker |
//! | `ec/c/<version>/<n>` | chunk `n` of the body written by write `version` |
//! | `ec/s/<n>` | head ring slot `n`: which entry holds it, to evict when the ring comes round |
//! | `ec/k/<n>` | chunk ring slot `n`: which chunk holds it |
//! | `ec/seq` | the write counter: versions and head ring positions come from it |
//! | `ec/cseq` | the chunk counter: chunk ring positions |
//! | `ec/g/<hash>` | a tag's purge generation |
//! | `ec/purges` | the purge epoch: moves on at every tag purge |
//! | `ec/l/<hash>/<period>` | the lease of the misses of one primary key in one lease period: who asks the origin |
//!
//! Head keys come in three spaces that never meet: the HTTP cache's
//! [`primary`] keys (a request's method and URL), its [`variant`] keys
//! (one per variant of a response that varies) and the [`simple`]
//! cache's keys.
//!
//! Layer 1 (keys and encoding): imports the hash and the Vary marker's
//! record, nothing of a layer above.

use http::{HeaderMap, Method, Uri};

use super::hash::{fnv1a, to_hex};
use super::head::Marker;
use super::vary_values::normalized;

/// The counter every write increments.
pub(crate) const SEQUENCE: &str = "ec/seq";

/// The purge epoch, which every tag purge increments.
pub(crate) const PURGES: &str = "ec/purges";

/// The counter every chunk written increments.
pub(crate) const CHUNK_SEQUENCE: &str = "ec/cseq";

/// The head key for `parts` in the key space `space` (`"http"`,
/// `"vary"`, `"simple"`), so that no two spaces can meet.
fn head(space: &str, parts: &[&[u8]]) -> String {
    let mut all = Vec::with_capacity(parts.len() + 1);
    all.push(space.as_bytes());
    all.extend_from_slice(parts);
    format!("ec/h/{}", to_hex(fnv1a(&all)))
}

/// The HTTP cache's head key of a request: its method and URL.
pub(crate) fn primary(method: &Method, uri: &Uri) -> String {
    head(
        "http",
        &[method.as_str().as_bytes(), uri.to_string().as_bytes()],
    )
}

/// The id of the Vary marker for the header `names`: their hash, so that
/// every writer of a variant under the same names, in any order of
/// arrival, writes the same marker and files its variant under the same
/// keys. (Made from the write's version, two requests racing past a
/// missing marker each wrote their own, and the first variant was lost.)
pub(crate) fn marker_id(names: &[String]) -> u64 {
    let parts: Vec<&[u8]> = names.iter().map(String::as_bytes).collect();
    let hash = fnv1a(&parts);
    // The low half: plenty to tell name sets apart.
    hash as u64
}

/// The head key of one variant of a response that varies: the primary
/// key, the marker's id and the request's values of the marker's headers.
pub(crate) fn variant(primary: &str, marker: &Marker, request: &HeaderMap) -> String {
    let id = marker.id.to_le_bytes();
    let values: Vec<Vec<u8>> = marker
        .names
        .iter()
        .map(|name| normalized(name, request.get_all(name.as_str()).iter()))
        .collect();
    let mut parts: Vec<&[u8]> = vec![primary.as_bytes(), &id];
    for (name, value) in marker.names.iter().zip(&values) {
        parts.push(name.as_bytes());
        parts.push(value);
    }
    head("vary", &parts)
}

/// The simple cache's head key of the app's `key`.
pub(crate) fn simple(key: &str) -> String {
    head("simple", &[key.as_bytes()])
}

/// The key of chunk `index` of write `version`.
pub(crate) fn chunk(version: u64, index: u32) -> String {
    format!("ec/c/{version}/{index}")
}

/// The key of ring slot `index`.
pub(crate) fn slot(index: u64) -> String {
    format!("ec/s/{index}")
}

/// The key of chunk ring slot `index`.
pub(crate) fn chunk_slot(index: u64) -> String {
    format!("ec/k/{index}")
}

/// The lease key of the misses of `primary` (a head key) in lease
/// `period`.
pub(crate) fn lease(primary: &str, period: u64) -> String {
    let hash = primary.strip_prefix("ec/h/").unwrap_or(primary);
    format!("ec/l/{hash}/{period}")
}

/// The key of `tag`'s purge generation.
pub(crate) fn generation(tag: &str) -> String {
    format!("ec/g/{}", to_hex(fnv1a(&[tag.as_bytes()])))
}

#[cfg(test)]
mod tests {
    #[test]
    fn key_spaces_never_meet() {
        assert_ne!(
            super::head("http", &[b"GET", b"https://a/"]),
            super::head("simple", &[b"GET", b"https://a/"])
        );
        assert!(super::head("http", &[b"x"]).starts_with("ec/h/"));
        assert_eq!(super::chunk(12, 3), "ec/c/12/3");
        assert_eq!(super::slot(5), "ec/s/5");
        assert_eq!(super::lease("ec/h/ab12", 7), "ec/l/ab12/7");
    }
}
