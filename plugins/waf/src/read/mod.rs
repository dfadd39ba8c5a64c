//! What the WAF reads of a request: the path, each argument (the query's,
//! the cookies', the body's), each header, each a [`Part`] that says where
//! it came from.

mod body;
mod cookies;
mod form;
mod json;
mod multipart;

pub(crate) use multipart::disposition_params;
mod xml;

use std::borrow::Cow;

use edge::http::header::{CONTENT_TYPE, COOKIE, USER_AGENT};
use edge::plugin::{BodyPrefix, RequestHead};

/// Where a part of the request sits, as rules choose what they read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// The path.
    Path,
    /// An argument's name or value: the query's, a cookie's, the body's.
    Arg,
    /// A whole form (query or body), its arguments joined: text split at
    /// `=` or `&` is seen whole here. Not for rules to which `&` means
    /// something else (a shell's).
    Joined,
    /// A header's value (but `Cookie`'s, read as arguments, and
    /// `User-Agent`'s).
    Header,
    /// The `User-Agent` header's value.
    UserAgent,
}

/// One piece of text the rules read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Part<'a> {
    /// Where it sits.
    pub(crate) place: Place,
    /// What the log calls it: `path`, `query`, `cookie`, `body`,
    /// `header <name>`.
    pub(crate) origin: Cow<'a, str>,
    /// The header's name, for a header.
    pub(crate) header: Option<&'a str>,
    /// The text as the request carries it.
    pub(crate) text: Cow<'a, [u8]>,
    /// Whether it is form-encoded (`+` is a space).
    pub(crate) form: bool,
}

impl<'a> Part<'a> {
    fn new(place: Place, origin: &'static str, text: impl Into<Cow<'a, [u8]>>, form: bool) -> Self {
        Self {
            place,
            origin: Cow::Borrowed(origin),
            header: None,
            text: text.into(),
            form,
        }
    }
}

/// Headers whose values browsers and clients write from a small grammar
/// (media types, encodings, languages, dates, tags, flags) and servers
/// parse strictly: not read as text. The protocol rules still check
/// `Content-Type` and `Range`.
const PLAIN_HEADERS: [&str; 17] = [
    "accept",
    "accept-charset",
    "accept-encoding",
    "accept-language",
    "cache-control",
    "connection",
    "content-length",
    "content-type",
    "dnt",
    "host",
    "if-modified-since",
    "if-none-match",
    "keep-alive",
    "pragma",
    "range",
    "te",
    "upgrade-insecure-requests",
];

/// Every part of `req` and its `body`, in the order rules read them: the
/// path, the query's arguments, the cookies, the other headers (but
/// [`PLAIN_HEADERS`] and the `sec-` ones browsers set), the body's
/// arguments.
pub(crate) fn parts<'a>(req: &'a RequestHead, body: &'a BodyPrefix) -> Vec<Part<'a>> {
    let mut parts = vec![Part::new(
        Place::Path,
        "path",
        req.uri().path().as_bytes(),
        false,
    )];
    if let Some(query) = req.uri().query() {
        form::arguments(query.as_bytes(), "query", &mut parts);
    }
    for (name, value) in req.headers() {
        if name == COOKIE {
            cookies::arguments(value.as_bytes(), &mut parts);
        } else if !PLAIN_HEADERS.contains(&name.as_str()) && !name.as_str().starts_with("sec-") {
            parts.push(Part {
                place: if name == USER_AGENT {
                    Place::UserAgent
                } else {
                    Place::Header
                },
                origin: Cow::Owned(format!("header {name}")),
                header: Some(name.as_str()),
                text: Cow::Borrowed(value.as_bytes()),
                form: false,
            });
        }
    }
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    body::arguments(content_type, body.bytes(), &mut parts);
    parts
}
