//! What one stored head may carry besides its body, so that the store's
//! bound holds whatever clients and origins send: the request headers
//! kept for `Vary` (a client chooses their values), the response's
//! headers, and its tags (`Surrogate-Key`). A response past a limit is
//! served as it comes and not stored, with a line on stderr.
//!
//! With a body inline up to 16 KiB, a head is then at most about 32 KiB,
//! and the head ring at most `max_entries` of them.
//!
//! Layer 5 (the HTTP cache): imports nothing of the cache.

/// The most tags one entry carries (the origin's `Surrogate-Key` and the
/// app's `Tags` together).
pub(super) const MAX_TAGS: usize = 1024;

/// The longest tag, in bytes.
pub(super) const MAX_TAG_BYTES: usize = 1024;

/// The most header names one response varies on, the keyed ones included.
pub(super) const MAX_VARY_NAMES: usize = 64;

/// The most bytes of a head's fields besides its body: the stored request
/// and response headers, the URL, and the tags with their generations.
pub(super) const MAX_FIELDS_BYTES: usize = 16 * 1024;

/// Why a response with these tags and Vary names cannot be stored, if it
/// cannot; checked before anything is read or written for it.
pub(super) fn refuse_names<'a>(
    tags: impl Iterator<Item = &'a str>,
    vary: &[String],
) -> Option<String> {
    let (mut count, mut longest) = (0, 0);
    for tag in tags {
        count += 1;
        longest = longest.max(tag.len());
    }
    if count > MAX_TAGS {
        return Some(format!(
            "{count} tags (Surrogate-Key and the app's), more than the {MAX_TAGS} an entry may carry"
        ));
    }
    if longest > MAX_TAG_BYTES {
        return Some(format!(
            "a tag of {longest} bytes, longer than the {MAX_TAG_BYTES} a tag may be"
        ));
    }
    if vary.len() > MAX_VARY_NAMES {
        return Some(format!(
            "it varies on {} headers, more than the {MAX_VARY_NAMES} an entry may",
            vary.len()
        ));
    }
    None
}

/// Why a head with this `meta` (the stored response, encoded) and these
/// tags with their generations cannot be written, if it cannot: every
/// write of an HTTP cache head asks, the first store and a refresh alike.
pub(super) fn refuse_head(meta: &[u8], tags: &[(String, Vec<u8>)]) -> Option<String> {
    let tag_bytes: usize = tags.iter().map(|(tag, g)| tag.len() + g.len()).sum();
    refuse_size(meta.len() + tag_bytes)
}

/// Why a head whose fields take `bytes` cannot be stored, if it cannot.
fn refuse_size(bytes: usize) -> Option<String> {
    (bytes > MAX_FIELDS_BYTES).then(|| {
        format!(
            "its headers, the request headers it varies on and its tags take {bytes} bytes, \
             more than the {MAX_FIELDS_BYTES} a stored head may"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize, len: usize) -> Vec<String> {
        (0..n).map(|i| format!("{i:0>len$}")).collect()
    }

    #[test]
    fn counts_and_sizes_past_the_limits_are_refused_with_the_reason() {
        let refuse =
            |tags: &[String], vary: &[String]| refuse_names(tags.iter().map(String::as_str), vary);
        assert_eq!(refuse(&names(MAX_TAGS, 4), &names(3, 2)), None);
        let many = refuse(&names(65_537, 6), &[]).expect("refused");
        assert!(many.contains("65537 tags"), "{many}");
        let long = refuse(&names(1, 2000), &[]).expect("refused");
        assert!(long.contains("2000 bytes"), "{long}");
        let vary = refuse(&[], &names(65, 3)).expect("refused");
        assert!(vary.contains("65 headers"), "{vary}");
        assert_eq!(refuse_size(MAX_FIELDS_BYTES), None);
        assert!(refuse_size(MAX_FIELDS_BYTES + 1).is_some());
    }
}
