//! The exchange as RFC 9111 reads it, for `http-cache-semantics`: a copy
//! of the headers it decides on, in the one form it parses right.
//!
//! - `Cache-Control` directive names in any case (§5.2), each directive
//!   once (the first), and a delta-seconds that is not a number (`1.5`,
//!   `ten`, `-1`) read as `0`: stale, never fresh for longer than said
//!   (§1.2.2); past 2^31 it is 2^31.
//! - To a shared cache, a valid `CDN-Cache-Control` (RFC 9213) takes the
//!   place of `Cache-Control` and `Expires`.
//! - `Expires`, `Date` and `Last-Modified` in any of HTTP's three date
//!   forms (RFC 9110 §5.6.7), given on as IMF-fixdate; an `Expires` that
//!   is not a date means already expired (§5.3), another field that is not
//!   a date is dropped; of several lines, the first.
//! - `Age`: its first value if it is a number, else none (§5.1); then at
//!   least the apparent age, from `Date` to when the response arrived
//!   (§4.2.3).
//!
//! - A varied list field of the request (`Accept-Encoding`, ...) in the
//!   form the cache's keys compare it in (layer 1's `vary_values`), so
//!   the policy's own Vary check agrees with them.
//!
//! - A final status the origin gave explicit freshness is storable,
//!   whatever it is (RFC 9110 §15.1), not only those of a fixed list.
//!
//! The copy is for the policy alone: what is served keeps the origin's
//! own fields and status (`StoredResponse::served_headers`).

use std::time::SystemTime;

use http_cache_semantics::{CacheOptions, CachePolicy};

use http::header::{AGE, CACHE_CONTROL, DATE, EXPIRES, LAST_MODIFIED};
use http::{HeaderMap, HeaderName, HeaderValue};

use crate::cache::encoding::vary_values::normalize_lists;

/// RFC 9213's field for CDNs.
const CDN_CACHE_CONTROL: &str = "cdn-cache-control";

/// The largest delta-seconds a cache needs to represent (RFC 9111 §1.2.2).
const MAX_DELTA: u64 = 1 << 31;

/// Directives whose value is delta-seconds.
const DELTA_DIRECTIVES: [&str; 6] = [
    "max-age",
    "s-maxage",
    "max-stale",
    "min-fresh",
    "stale-while-revalidate",
    "stale-if-error",
];

/// A response's headers, for a policy of a response that arrived at
/// `arrived`, in a `shared` cache or not.
pub(crate) fn response(headers: &HeaderMap, arrived: SystemTime, shared: bool) -> HeaderMap {
    let mut out = headers.clone();
    let targeted = shared
        .then(|| cache_control(headers.get_all(CDN_CACHE_CONTROL)))
        .flatten();
    match targeted {
        Some(value) => {
            out.insert(CACHE_CONTROL, value);
            out.remove(EXPIRES);
        }
        None => set_or_remove(
            &mut out,
            CACHE_CONTROL,
            cache_control(headers.get_all(CACHE_CONTROL)),
        ),
    }
    if out.contains_key(EXPIRES) {
        let expires = first_date(headers, &EXPIRES).unwrap_or(SystemTime::UNIX_EPOCH);
        out.insert(EXPIRES, date_value(expires));
    }
    let date = first_date(headers, &DATE);
    set_or_remove(&mut out, DATE, date.map(date_value));
    let modified = first_date(headers, &LAST_MODIFIED).map(date_value);
    set_or_remove(&mut out, LAST_MODIFIED, modified);
    let age = first_age(headers);
    let apparent = date.and_then(|date| arrived.duration_since(date).ok());
    let age = match (age, apparent) {
        (Some(age), Some(apparent)) => Some(age.max(apparent.as_secs())),
        (age, apparent) => age.or(apparent.map(|a| a.as_secs()).filter(|&a| a > 0)),
    };
    set_or_remove(&mut out, AGE, age.map(HeaderValue::from));
    out
}

/// Reads a request's `Cache-Control` in place, as [`response`] reads a
/// response's.
fn read_request(headers: &mut HeaderMap) {
    let read = cache_control(headers.get_all(CACHE_CONTROL));
    set_or_remove(headers, CACHE_CONTROL, read);
}

/// The policy of `request` (its method, URI and headers: see
/// [`without_extensions`]) and of the response of `status` and `headers`
/// that arrived at `arrived`, read as this module says.
pub(crate) fn policy(
    mut request: http::request::Parts,
    status: http::StatusCode,
    headers: &HeaderMap,
    arrived: SystemTime,
    options: CacheOptions,
) -> CachePolicy {
    read_request(&mut request.headers);
    let mut res = response_parts(status, headers, arrived, options.shared);
    res.status = storable_status(status, &res.headers, options.shared);
    CachePolicy::new_options(&request, &res, arrived, options)
}

/// The status to show the policy: any final status (but 206 and 304) that
/// the origin gave explicit freshness may be stored (RFC 9110 §15.1, RFC
/// 9111 §3), while http-cache-semantics stores a fixed list only; such a
/// response is shown as a 200. What is stored and served keeps its own.
fn storable_status(
    status: http::StatusCode,
    headers: &HeaderMap,
    shared: bool,
) -> http::StatusCode {
    let code = status.as_u16();
    let explicit = headers.contains_key(EXPIRES)
        || super::directives::seconds(headers, "max-age").is_some()
        || (shared && super::directives::seconds(headers, "s-maxage").is_some());
    if explicit && (200..=599).contains(&code) && code != 206 && code != 304 {
        http::StatusCode::OK
    } else {
        status
    }
}

/// The response of `status` and `headers` that arrived at `arrived`, as
/// the policy reads it.
pub(crate) fn response_parts(
    status: http::StatusCode,
    headers: &HeaderMap,
    arrived: SystemTime,
    shared: bool,
) -> http::response::Parts {
    let (mut res, ()) = http::Response::new(()).into_parts();
    res.status = status;
    res.headers = response(headers, arrived, shared);
    res
}

/// `parts`' method, URI and headers alone: what the policy and a stored
/// entry keep of a request, without the app's extensions.
pub(crate) fn without_extensions(parts: &http::request::Parts) -> http::request::Parts {
    let (mut request, ()) = http::Request::new(()).into_parts();
    request.method = parts.method.clone();
    request.uri = parts.uri.clone();
    request.headers = parts.headers.clone();
    request
}

/// [`without_extensions`] of `req`, its headers as the policy reads them.
pub(crate) fn request_parts(req: &http::request::Parts) -> http::request::Parts {
    let mut out = without_extensions(req);
    read_request(&mut out.headers);
    normalize_lists(&mut out.headers);
    out
}

fn set_or_remove(headers: &mut HeaderMap, name: HeaderName, value: Option<HeaderValue>) {
    match value {
        Some(value) => {
            headers.insert(name, value);
        }
        None => {
            headers.remove(name);
        }
    }
}

/// The directives of `lines`, as one canonical value; `None` if there
/// are none.
fn cache_control<'a>(lines: http::header::GetAll<'a, HeaderValue>) -> Option<HeaderValue> {
    let mut seen: Vec<String> = Vec::new();
    let mut parts: Vec<String> = Vec::new();
    for part in lines
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
    {
        let (name, value) = match part.split_once('=') {
            Some((name, value)) => (name.trim(), Some(value.trim())),
            None => (part.trim(), None),
        };
        let name = name.to_ascii_lowercase();
        if name.is_empty() || seen.contains(&name) {
            continue;
        }
        seen.push(name.clone());
        let written = if DELTA_DIRECTIVES.contains(&name.as_str()) {
            match value {
                Some(value) => format!("{name}={}", delta_seconds(value)),
                // `max-stale` alone: any staleness (§5.2.1.2).
                None if name == "max-stale" => name,
                None => format!("{name}=0"),
            }
        } else {
            match value {
                Some(value) => format!("{name}={value}"),
                None => name,
            }
        };
        parts.push(written);
    }
    if parts.is_empty() {
        return None;
    }
    HeaderValue::from_str(&parts.join(", ")).ok()
}

/// A delta-seconds value: digits (quoted or not) up to 2^31; anything
/// else is 0.
fn delta_seconds(value: &str) -> u64 {
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    value.parse::<u64>().map_or(MAX_DELTA, |v| v.min(MAX_DELTA))
}

/// The first line of `name`, as a date.
fn first_date(headers: &HeaderMap, name: &HeaderName) -> Option<SystemTime> {
    let line = headers.get(name)?.to_str().ok()?;
    httpdate::parse_http_date(line.trim()).ok()
}

fn date_value(at: SystemTime) -> HeaderValue {
    HeaderValue::from_str(&httpdate::fmt_http_date(at))
        .unwrap_or(HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"))
}

/// `Age`'s first value, if it is a number.
fn first_age(headers: &HeaderMap) -> Option<u64> {
    let first = headers.get(AGE)?.to_str().ok()?.split(',').next()?.trim();
    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(first.parse::<u64>().unwrap_or(MAX_DELTA).min(MAX_DELTA))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().expect("a valid header value"));
        }
        map
    }

    fn at(date: &str) -> SystemTime {
        httpdate::parse_http_date(date).expect("a date")
    }

    const DATE_LINE: &str = "Tue, 14 Nov 2023 22:13:20 GMT";

    fn read(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        response(&headers(pairs), at(DATE_LINE), true)
    }

    #[test]
    fn directive_names_in_any_case_are_lowercased() {
        let h = read(&[
            ("cache-control", "No-CaChE, MaX-aGe=60"),
            ("date", DATE_LINE),
        ]);
        assert_eq!(h["cache-control"], "no-cache, max-age=60");
        let mut r = headers(&[("cache-control", "No-Store")]);
        read_request(&mut r);
        assert_eq!(r["cache-control"], "no-store");
    }

    #[test]
    fn the_first_of_duplicate_directives_counts_and_bad_numbers_are_zero() {
        let h = read(&[
            ("cache-control", "max-age=60"),
            ("cache-control", "max-age=3600"),
        ]);
        assert_eq!(h["cache-control"], "max-age=60");
        for bad in [
            "max-age=1.5",
            "max-age=ten",
            "max-age=-1",
            "max-age=",
            "max-age",
        ] {
            let h = response(&headers(&[("cache-control", bad)]), at(DATE_LINE), true);
            assert_eq!(h["cache-control"], "max-age=0", "{bad}");
        }
        let h = read(&[("cache-control", "max-age=\"30\", s-maxage=99999999999")]);
        assert_eq!(h["cache-control"], "max-age=30, s-maxage=2147483648");
        let h = read(&[("cache-control", "private=\"set-cookie\", max-stale")]);
        assert_eq!(h["cache-control"], "private=\"set-cookie\", max-stale");
    }

    #[test]
    fn cdn_cache_control_replaces_cache_control_and_expires_in_a_shared_cache() {
        let pairs = [
            ("cache-control", "no-store"),
            ("cdn-cache-control", "Max-Age=600"),
            ("expires", "Thu, 01 Jan 1970 00:00:00 GMT"),
        ];
        let shared = response(&headers(&pairs), at(DATE_LINE), true);
        assert_eq!(shared["cache-control"], "max-age=600");
        assert!(!shared.contains_key("expires"));
        let private = response(&headers(&pairs), at(DATE_LINE), false);
        assert_eq!(private["cache-control"], "no-store");
        // Empty: ignored.
        let empty = read(&[("cache-control", "max-age=5"), ("cdn-cache-control", " ")]);
        assert_eq!(empty["cache-control"], "max-age=5");
    }

    #[test]
    fn dates_come_in_three_forms_and_a_bad_expires_has_expired() {
        for form in [
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 06 Nov 1994 08:49:37 GMT",
        ] {
            let h = response(&headers(&[("expires", form)]), at(DATE_LINE), true);
            assert_eq!(h["expires"], "Sun, 06 Nov 1994 08:49:37 GMT", "{form}");
        }
        for bad in ["0", "soon", "Sun,  06 Nov 1994 08:49:37 GMT"] {
            let h = response(&headers(&[("expires", bad)]), at(DATE_LINE), true);
            assert_eq!(h["expires"], "Thu, 01 Jan 1970 00:00:00 GMT", "{bad}");
        }
        let h = read(&[("date", "yesterday"), ("last-modified", "never")]);
        assert!(!h.contains_key("date") && !h.contains_key("last-modified"));
    }

    #[test]
    fn age_is_its_first_number_and_at_least_the_time_since_date() {
        assert_eq!(read(&[("age", "7200, 0")])["age"], "7200");
        for bad in ["-5", "1.5", "ten", "60;q=1"] {
            assert!(!read(&[("age", bad)]).contains_key("age"), "{bad}");
        }
        // Sent 100 s before it arrived, and said to be 30 s old: 100.
        let arrived = at(DATE_LINE) + secs(100);
        let h = response(
            &headers(&[("date", DATE_LINE), ("age", "30")]),
            arrived,
            true,
        );
        assert_eq!(h["age"], "100");
        let h = response(
            &headers(&[("date", DATE_LINE), ("age", "300")]),
            arrived,
            true,
        );
        assert_eq!(h["age"], "300");
        // A Date in the future is no age.
        let h = response(
            &headers(&[("date", DATE_LINE)]),
            at(DATE_LINE) - secs(5),
            true,
        );
        assert!(!h.contains_key("age"));
    }
}
