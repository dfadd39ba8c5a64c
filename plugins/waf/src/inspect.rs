//! Running the rules over the parts of a request.

use edge::plugin::{BodyPrefix, RequestHead};

use crate::decode::normalize::normalize;
use crate::protocol::protocol_trip;
use crate::read::parts;
use crate::rules::first_trip;

/// A rule a request tripped, and where (for the log; never the payload).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Finding {
    /// The rule's id.
    pub(crate) rule: &'static str,
    /// The part that tripped it: `path`, `query`, `cookie`, `body` or
    /// `header <name>`.
    pub(crate) place: String,
}

/// The first rule `req` and the first bytes of its `body` trip: in the
/// path, then in the query's arguments, the cookies, the other headers,
/// and the body's arguments (see [`crate::read`]).
pub(crate) fn inspect(req: &RequestHead, body: &BodyPrefix) -> Option<Finding> {
    if let Some((rule, place)) = protocol_trip(req, body) {
        return Some(Finding { rule, place });
    }
    parts(req, body).into_iter().find_map(|part| {
        let normalized = normalize(&part.text, part.form);
        first_trip(&normalized, |rule| rule.places.contains(&part.place)).map(|rule| Finding {
            rule,
            place: part.origin.into_owned(),
        })
    })
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

    /// The eleven a review sent at the first WAF (issue 27, finding 7): all
    /// reached the app then.
    #[test]
    fn the_reviewed_attacks_are_blocked() {
        let attacks = [
            "/?q=%27%20or%20true--%20-",
            "/?q=%27%20or%201%23",
            "/?q=1%20union%20table%20users",
            "/?q=1%3Breplace%20into%20users%20values(1)",
            "/?q=1%20and%20extractvalue(1,concat(0x7e,version()))",
            "/?q=1%20and%20randomblob(1000000000)",
            "/?q=%27%3Balert(document.domain)%2F%2F",
            "/?q=.env",
            "/?q=.git/config",
            "/?q=/proc/1/environ",
            "/?q=c:/windows/system32/config/sam",
        ];
        let passed: Vec<&str> = attacks
            .iter()
            .filter(|target| inspect_head(&request(target, &[])).is_none())
            .copied()
            .collect();
        assert!(passed.is_empty(), "not blocked: {passed:#?}");
    }

    /// What a hostile review of the rebuilt WAF got past it.
    #[test]
    fn the_second_review_s_bypasses_are_blocked() {
        let with_body = |content_type: &str, body: &str| {
            let req = edge::http::Request::post("/")
                .header("content-type", content_type)
                .body(())
                .expect("a valid request");
            inspect(&req, &BodyPrefix::new(body.to_owned(), true)).map(|f| f.rule)
        };
        // A line break kept: response splitting and a command after it.
        assert_eq!(
            inspect_head(&request("/?q=x%0d%0aSet-Cookie:%20a=b", &[])).map(|f| f.rule),
            Some("http-in-value")
        );
        assert_eq!(
            inspect_head(&request("/?q=x%0auname%20-a", &[])).map(|f| f.rule),
            Some("rce-unix-command")
        );
        // XML entities decoded as the app's parser decodes them.
        assert!(with_body("application/xml", "<q>admin&#39;--</q>").is_some());
        // A boundary inside a value is not one.
        assert!(
            with_body(
                "multipart/form-data; boundary=B",
                "--B\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\nx--B' union select password from users-- \r\n--B--\r\n"
            )
            .is_some()
        );
        // An unquoted file name after an unquoted name.
        assert_eq!(
            with_body(
                "multipart/form-data; boundary=B",
                "--B\r\nContent-Disposition: form-data; name=f; filename=shell.php\r\n\r\nx\r\n--B--\r\n"
            ),
            Some("protocol-multipart")
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
