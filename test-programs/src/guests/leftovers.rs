//! Looks for what an earlier request left behind: a global counter, and a
//! secret written into memory and never freed.
//!
//! The secret travels hex-encoded and XOR-ed with 0x5a, so the raw bytes
//! exist only where this module writes them.

use std::sync::atomic::{AtomicU64, Ordering};

static REQUESTS: AtomicU64 = AtomicU64::new(0);

/// Counts requests in a global: every request must see 1.
pub(crate) fn counter() -> edge::Result<edge::Response> {
    let seen = REQUESTS.fetch_add(1, Ordering::SeqCst) + 1;
    Ok(edge::Response::new(seen.to_string().into()))
}

/// `?hex=...`: decodes the secret into memory that is never freed.
pub(crate) fn leave(req: &edge::Request) -> edge::Result<edge::Response> {
    let secret = decode(req)?;
    let kept: &'static [u8] = Vec::leak(secret);
    std::hint::black_box(kept);
    Ok(edge::Response::new("left".into()))
}

/// `?hex=...`: scans the whole linear memory for the secret, skipping the
/// copy this request decoded; answers `found` or `clean`.
pub(crate) fn find(req: &edge::Request) -> edge::Result<edge::Response> {
    let needle = decode(req)?;
    let found = memory_scan::occurrences(&needle)
        .into_iter()
        .any(|at| at != needle.as_ptr() as usize);
    Ok(edge::Response::new(
        if found { "found" } else { "clean" }.into(),
    ))
}

/// `?hex=...`: leaves the secret, then looks for it in the same instance:
/// proves the scan finds what is there.
pub(crate) fn leave_and_find(req: &edge::Request) -> edge::Result<edge::Response> {
    leave(req)?;
    find(req)
}

fn decode(req: &edge::Request) -> edge::Result<Vec<u8>> {
    let bad = || edge::Error::new(edge::http::StatusCode::BAD_REQUEST, "pass ?hex=<even hex>");
    let hex = super::query::param(req, "hex").ok_or_else(bad)?;
    if hex.is_empty() || hex.len() % 2 != 0 {
        return Err(bad());
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| {
            u8::from_str_radix(&hex[i..i + 2], 16)
                .map(|b| b ^ 0x5a)
                .map_err(|_| bad())
        })
        .collect()
}

#[allow(unsafe_code)]
mod memory_scan {
    /// Start addresses of every copy of `needle` in linear memory.
    pub(super) fn occurrences(needle: &[u8]) -> Vec<usize> {
        let end = core::arch::wasm32::memory_size(0) * 65536;
        let mut hits = Vec::new();
        // Address 0 is the null pointer; nothing lives in the first page's
        // first bytes anyway.
        for at in 8..end.saturating_sub(needle.len()) {
            // SAFETY: every address below `memory_size` is mapped linear
            // memory; a volatile byte read has no alignment or validity
            // requirement, and nothing writes this memory concurrently.
            let first = unsafe { core::ptr::read_volatile(at as *const u8) };
            if first != needle[0] {
                continue;
            }
            // SAFETY: as above, for `needle.len()` bytes from `at`.
            let same = needle
                .iter()
                .enumerate()
                .all(|(i, b)| unsafe { core::ptr::read_volatile((at + i) as *const u8) } == *b);
            if same {
                hits.push(at);
            }
        }
        hits
    }
}
