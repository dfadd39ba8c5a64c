//! Running the rules over a request's path, query and headers.

use edge::http::header::USER_AGENT;
use edge::plugin::RequestHead;

use crate::normalize::normalize;
use crate::rules::{Place, RULES, present};

/// A rule a request tripped, and where (for the log; never the payload).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Finding {
    /// The rule's id.
    pub(crate) rule: &'static str,
    /// The part that tripped it: `path`, `query` or `header <name>`.
    pub(crate) place: String,
}

/// The first rule `req` trips.
pub(crate) fn inspect(req: &RequestHead) -> Option<Finding> {
    let trips = |place: Place, text: &str| {
        let present = present(text);
        RULES
            .iter()
            .find(|rule| rule.places.contains(&place) && rule.trips(text, &present))
            .map(|rule| rule.id)
    };

    let path = normalize(req.uri().path().as_bytes(), false);
    if let Some(rule) = trips(Place::Path, &path) {
        return Some(found(rule, "path"));
    }
    for part in req.uri().query().unwrap_or("").split('&') {
        let (name, value) = part.split_once('=').unwrap_or((part, ""));
        for text in [name, value] {
            if let Some(rule) = trips(Place::Query, &normalize(text.as_bytes(), true)) {
                return Some(found(rule, "query"));
            }
        }
    }
    for (name, value) in req.headers() {
        let text = normalize(value.as_bytes(), false);
        let rule = trips(Place::Header, &text)
            .or_else(|| (name == USER_AGENT).then(|| trips(Place::UserAgent, &text))?);
        if let Some(rule) = rule {
            return Some(found(rule, &format!("header {name}")));
        }
    }
    None
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
        for (req, rule, place) in cases {
            assert_eq!(
                inspect(&req),
                Some(Finding {
                    rule,
                    place: place.to_owned()
                }),
                "{}",
                req.uri()
            );
        }
    }

    #[test]
    fn the_scanner_rule_reads_only_the_user_agent() {
        assert_eq!(inspect(&request("/", &[("x-tool", "sqlmap")])), None);
        assert_eq!(inspect(&request("/sqlmap", &[])), None);
    }

    #[test]
    fn traversal_is_not_looked_for_in_headers() {
        assert_eq!(
            inspect(&request("/", &[("referer", "https://x/a/../b")])),
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
        assert_eq!(inspect(&req), None);
    }
}
