//! A `Range: bytes=...` request answered from a stored whole response
//! (RFC 9110 §14): one satisfiable range becomes a `206 Partial Content`
//! of those bytes, an unsatisfiable one a `416`; several ranges, another
//! unit, a malformed header or an `If-Range` that does not hold, and the
//! whole response is served (which RFC 9110 allows).
//!
//! Layer 5 (the HTTP cache): imports serving and the status, and layers 1
//! and 2.

use std::io::{self, Write};

use http::header::{
    CONTENT_LENGTH, CONTENT_RANGE, ETAG, HeaderMap, IF_RANGE, LAST_MODIFIED, RANGE,
};
use http::{HeaderValue, Method, StatusCode};

use super::serve::body_of;
use super::status::{CacheStatus, Detail, mark};
use crate::cache::encoding::head::Entry;
use crate::cache::storage::store::CacheStore;
use crate::{Body, Response};

/// What a request's `Range` asks of a stored body of `len` bytes.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Ranged {
    /// The whole response.
    Whole,
    /// The bytes `first..=last`.
    Part { first: u64, last: u64 },
    /// Nothing of the body can answer: 416.
    Unsatisfiable,
}

/// What the `GET` with `request` headers asks of a stored `200` whose
/// headers are `stored` and body `len` bytes long.
pub(super) fn ranged(method: &Method, request: &HeaderMap, stored: &HeaderMap, len: u64) -> Ranged {
    if method != Method::GET {
        return Ranged::Whole;
    }
    let mut values = request.get_all(RANGE).iter();
    let (Some(range), None) = (values.next(), values.next()) else {
        return Ranged::Whole;
    };
    if !if_range_holds(request, stored) {
        return Ranged::Whole;
    }
    let Some(spec) = range.to_str().ok().and_then(bytes_spec) else {
        return Ranged::Whole;
    };
    let mut specs = spec.split(',').map(str::trim).filter(|s| !s.is_empty());
    let (Some(one), None) = (specs.next(), specs.next()) else {
        return Ranged::Whole;
    };
    let Some((first, last)) = one.split_once('-') else {
        return Ranged::Whole;
    };
    let number = |text: &str| -> Option<u64> {
        (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse().ok())
            .flatten()
    };
    match (first.trim(), last.trim()) {
        ("", suffix) => match number(suffix) {
            None => Ranged::Whole,
            Some(0) => Ranged::Unsatisfiable,
            Some(_) if len == 0 => Ranged::Unsatisfiable,
            Some(n) => Ranged::Part {
                first: len.saturating_sub(n),
                last: len - 1,
            },
        },
        (first, last) => {
            let Some(first) = number(first) else {
                return Ranged::Whole;
            };
            let last = match last {
                "" => u64::MAX,
                last => match number(last) {
                    Some(last) if last >= first => last,
                    _ => return Ranged::Whole,
                },
            };
            if first >= len {
                Ranged::Unsatisfiable
            } else {
                Ranged::Part {
                    first,
                    last: last.min(len - 1),
                }
            }
        }
    }
}

/// The ranges after `bytes=`, the unit's name in any case.
fn bytes_spec(value: &str) -> Option<&str> {
    let (unit, spec) = value.trim().split_once('=')?;
    unit.trim().eq_ignore_ascii_case("bytes").then_some(spec)
}

/// `If-Range` (RFC 9110 §13.1.5): absent, or naming the stored response by
/// a strong entity tag or its exact `Last-Modified`.
fn if_range_holds(request: &HeaderMap, stored: &HeaderMap) -> bool {
    let Some(condition) = request.get(IF_RANGE).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let condition = condition.trim();
    if condition.starts_with('"') || condition.starts_with("W/") {
        let etag = stored.get(ETAG).and_then(|v| v.to_str().ok());
        return !condition.starts_with("W/")
            && etag.is_some_and(|etag| !etag.starts_with("W/") && etag.trim() == condition);
    }
    let modified = stored.get(LAST_MODIFIED).and_then(|v| v.to_str().ok());
    match (
        httpdate::parse_http_date(condition),
        modified.map(httpdate::parse_http_date),
    ) {
        (Ok(asked), Some(Ok(modified))) => asked == modified,
        _ => false,
    }
}

/// The 206 of `first..=last` of `entry`'s body under `parts`, or the 416
/// of a range nothing answers; `None` if the body is gone.
pub(super) fn serve_range(
    store: &CacheStore,
    entry: &Entry,
    mut parts: http::response::Parts,
    range: Ranged,
    detail: Detail,
) -> Option<Response> {
    parts.headers.remove(CONTENT_LENGTH);
    let (first, last) = match range {
        Ranged::Part { first, last } => (first, last),
        Ranged::Whole | Ranged::Unsatisfiable => {
            parts.status = StatusCode::RANGE_NOT_SATISFIABLE;
            let all = format!("bytes */{}", entry.body_len);
            parts.headers.insert(CONTENT_RANGE, header_value(&all));
            parts.headers.insert(CONTENT_LENGTH, HeaderValue::from(0));
            let res = Response::from_parts(parts, Body::empty());
            return Some(mark(res, CacheStatus::Hit, detail));
        }
    };
    let body = body_of(store, entry)?;
    let count = last - first + 1;
    parts.status = StatusCode::PARTIAL_CONTENT;
    let range = format!("bytes {first}-{last}/{}", entry.body_len);
    parts.headers.insert(CONTENT_RANGE, header_value(&range));
    parts
        .headers
        .insert(CONTENT_LENGTH, HeaderValue::from(count));
    let part = Body::from_writer(move |out| {
        let mut window = Window {
            out,
            skip: first,
            left: count,
        };
        match body.write_to(&mut window) {
            // The window is full: the rest of the body is not read.
            Err(e) if window.left == 0 && e.kind() == io::ErrorKind::WriteZero => Ok(()),
            other => other.map(|_| ()),
        }
    });
    Some(mark(
        Response::from_parts(parts, part),
        CacheStatus::Hit,
        detail,
    ))
}

fn header_value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| unreachable!("digits, spaces and `bytes`"))
}

/// Passes on the `left` bytes after the first `skip`, then refuses more.
struct Window<'a> {
    out: &'a mut dyn Write,
    skip: u64,
    left: u64,
}

impl Write for Window<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.left == 0 {
            return Err(io::Error::new(
                io::ErrorKind::WriteZero,
                "the range is sent",
            ));
        }
        let skipped = usize::try_from(self.skip)
            .unwrap_or(usize::MAX)
            .min(buf.len());
        self.skip -= skipped as u64;
        let rest = &buf[skipped..];
        let take = usize::try_from(self.left)
            .unwrap_or(usize::MAX)
            .min(rest.len());
        self.out.write_all(&rest[..take])?;
        self.left -= take as u64;
        // What is past the window is dropped as if written: the next
        // write is refused.
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(range: &str, len: u64) -> Ranged {
        let mut request = HeaderMap::new();
        request.insert(RANGE, HeaderValue::from_str(range).expect("a value"));
        ranged(&Method::GET, &request, &HeaderMap::new(), len)
    }

    #[test]
    fn one_range_of_each_form_is_a_part() {
        assert_eq!(asked("bytes=0-4", 10), Ranged::Part { first: 0, last: 4 });
        assert_eq!(asked("Bytes = 2-", 10), Ranged::Part { first: 2, last: 9 });
        assert_eq!(asked("bytes=-3", 10), Ranged::Part { first: 7, last: 9 });
        assert_eq!(asked("bytes=-30", 10), Ranged::Part { first: 0, last: 9 });
        assert_eq!(asked("bytes=5-500", 10), Ranged::Part { first: 5, last: 9 });
    }

    #[test]
    fn ranges_past_the_end_are_unsatisfiable() {
        assert_eq!(asked("bytes=10-", 10), Ranged::Unsatisfiable);
        assert_eq!(asked("bytes=-0", 10), Ranged::Unsatisfiable);
        assert_eq!(asked("bytes=0-", 0), Ranged::Unsatisfiable);
    }

    #[test]
    fn anything_else_is_the_whole_response() {
        for range in [
            "items=0-4",
            "bytes=4-2",
            "bytes=a-b",
            "bytes=0-1,4-5",
            "bytes",
            "bytes=+1-2",
        ] {
            assert_eq!(asked(range, 10), Ranged::Whole, "{range}");
        }
    }

    #[test]
    fn the_window_passes_only_its_bytes() {
        let mut out = Vec::new();
        let mut window = Window {
            out: &mut out,
            skip: 3,
            left: 4,
        };
        let body: Vec<u8> = (0..10).collect();
        let mut refused = None;
        for chunk in body.chunks(3) {
            if let Err(e) = window.write_all(chunk) {
                refused = Some(e.kind());
                break;
            }
        }
        assert_eq!(refused, Some(io::ErrorKind::WriteZero));
        assert_eq!(out, [3, 4, 5, 6]);
    }
}
