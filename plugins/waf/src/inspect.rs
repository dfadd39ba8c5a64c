//! Running the rules over a request's path, query and headers.

use edge::http::header::USER_AGENT;
use edge::plugin::{BodyPrefix, RequestHead};

use crate::normalize::{Normalized, normalize};
use crate::rules::{Place, first_trip};

/// A rule a request tripped, and where (for the log; never the payload).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Finding {
    /// The rule's id.
    pub(crate) rule: &'static str,
    /// The part that tripped it: `path`, `query` or `header <name>`.
    pub(crate) place: String,
}

/// The first rule `req` trips: in the path, then in each query
/// parameter's name and value and in the whole query (so that text split
/// at a `=` or `&` is seen whole too), then in each header, then in the
/// body's first bytes, read as the query is.
pub(crate) fn inspect(req: &RequestHead, body: &BodyPrefix) -> Option<Finding> {
    let trips =
        |place: Place, part: &Normalized| first_trip(part, |rule| rule.places.contains(&place));

    let path = normalize(req.uri().path().as_bytes(), false);
    if let Some(rule) = trips(Place::Path, &path) {
        return Some(found(rule, "path"));
    }
    let query = req.uri().query().unwrap_or("");
    if let Some(rule) = form_trip(query, &trips) {
        return Some(found(rule, "query"));
    }
    for (name, value) in req.headers() {
        let part = normalize(value.as_bytes(), false);
        let rule = trips(Place::Header, &part)
            .or_else(|| (name == USER_AGENT).then(|| trips(Place::UserAgent, &part))?);
        if let Some(rule) = rule {
            return Some(found(rule, &format!("header {name}")));
        }
    }
    let body = String::from_utf8_lossy(body.bytes());
    form_trip(&body, &trips).map(|rule| found(rule, "body"))
}

/// The first rule form-encoded `text` trips, read as a query: each
/// parameter's name and value, then the whole text.
fn form_trip(
    text: &str,
    trips: &impl Fn(Place, &Normalized) -> Option<&'static str>,
) -> Option<&'static str> {
    let parts = text.split('&').flat_map(|part| {
        let (name, value) = part.split_once('=').unwrap_or((part, ""));
        [name, value]
    });
    let whole = text.contains(['&', '=']).then_some(text);
    parts
        .chain(whole)
        .find_map(|text| trips(Place::Query, &normalize(text.as_bytes(), true)))
}

fn found(rule: &'static str, place: &str) -> Finding {
    Finding {
        rule,
        place: place.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inspect_head(req: &RequestHead) -> Option<Finding> {
        inspect(req, &BodyPrefix::unread())
    }

    fn request(target: &str, headers: &[(&str, &str)]) -> RequestHead {
        let mut builder = edge::http::Request::get(target);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(()).expect("a valid request")
    }

    #[test]
    fn looks_in_the_path_the_query_and_the_headers() {
        let cases = [
            (
                request("/a/..%2f..%2fetc/passwd", &[]),
                "traversal-dotdot",
                "path",
            ),
            (
                request("/search?q=1%27+OR+%271%27%3D%271", &[]),
                "sqli-tautology",
                "query",
            ),
            (request("/?%3Cscript%3E=1", &[]), "xss-script", "query"),
            // Split at `=`, no parameter holds the tautology: the whole
            // query does.
            (
                request("/?x'%20or%20'a'='a", &[]),
                "sqli-tautology",
                "query",
            ),
            (
                request("/?u=java%09script:alert(1)", &[]),
                "xss-uri",
                "query",
            ),
            (
                request("/static/..;/admin", &[]),
                "traversal-dotdot",
                "path",
            ),
            (request("/files/etc//passwd", &[]), "traversal-file", "path"),
            (
                request("/", &[("referer", "https://x/?q=<script>")]),
                "xss-script",
                "header referer",
            ),
            (
                request("/", &[("user-agent", "sqlmap/1.7")]),
                "bot-scanner",
                "header user-agent",
            ),
        ];
        let wrong: Vec<String> = cases
            .iter()
            .filter_map(|(req, rule, place)| {
                let expected = Finding {
                    rule,
                    place: (*place).to_owned(),
                };
                let found = inspect(req, &BodyPrefix::unread());
                (found.as_ref() != Some(&expected))
                    .then(|| format!("{}: {found:?}, not {expected:?}", req.uri()))
            })
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn the_scanner_rule_reads_only_the_user_agent() {
        assert_eq!(inspect_head(&request("/", &[("x-tool", "sqlmap")])), None);
        assert_eq!(inspect_head(&request("/sqlmap", &[])), None);
    }

    #[test]
    fn traversal_is_not_looked_for_in_headers() {
        assert_eq!(
            inspect_head(&request("/", &[("referer", "https://x/a/../b")])),
            None
        );
    }

    #[test]
    fn an_ordinary_request_passes() {
        let req = request(
            "/api/flights?from=LHR&to=JFK&note=cats+or+dogs",
            &[
                (
                    "user-agent",
                    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Firefox/128.0",
                ),
                ("accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
                ("cookie", "session=abc; theme=dark"),
            ],
        );
        assert_eq!(inspect(&req, &BodyPrefix::unread()), None);
    }
}
