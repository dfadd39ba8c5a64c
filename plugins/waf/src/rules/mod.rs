//! The rule set: each rule an id, the request parts it reads, and a test
//! over a normalized part (see `normalize`).

mod generic;
mod java;
mod lists;
mod php;
mod rce;
mod scanner;
mod sqli;
mod traversal;
mod xss;

use crate::decode::normalize::Normalized;
use crate::read::Place::{self, Arg, Header, Joined, Path, UserAgent};

/// One rule.
pub(crate) struct Rule {
    /// Its id, as the 403 names it (in `x-waf-rule`).
    pub(crate) id: &'static str,
    /// Where it looks.
    pub(crate) places: &'static [Place],
    /// Bytes of which the text must hold one for the rule to match (none:
    /// no such byte), a cheap test that spares most text the full one.
    pub(crate) needs: &'static [u8],
    /// Whether a normalized part matches.
    pub(crate) matches: fn(&str) -> bool,
}

/// Which bytes a text holds: computed once per text, shared by the rules'
/// [`needs`](Rule::needs) tests.
pub(crate) type Present = [bool; 256];

/// The bytes `text` holds.
pub(crate) fn present(text: &str) -> Present {
    let mut present = [false; 256];
    for byte in text.bytes() {
        present[usize::from(byte)] = true;
    }
    present
}

/// The first rule `applies` keeps that trips on either view of `part`.
pub(crate) fn first_trip(
    part: &Normalized,
    applies: impl Fn(&Rule) -> bool,
) -> Option<&'static str> {
    part.views().find_map(|text| {
        let present = present(text);
        RULES
            .iter()
            .find(|rule| applies(rule) && rule.trips(text, &present))
            .map(|rule| rule.id)
    })
}

impl Rule {
    /// Whether `text` (normalized; `present` its bytes) trips the rule.
    pub(crate) fn trips(&self, text: &str, present: &Present) -> bool {
        (self.needs.is_empty() || self.needs.iter().any(|&b| present[usize::from(b)]))
            && (self.matches)(text)
    }
}

const ANYWHERE: &[Place] = &[Path, Arg, Joined, Header, UserAgent];
const IN_TARGET: &[Place] = &[Path, Arg, Joined];
/// Every part but the joined forms (whose arguments are read one by one).
const EACH_PART: &[Place] = &[Path, Arg, Header, UserAgent];
const ARGS: &[Place] = &[Arg];
const ARGS_AND_HEADERS: &[Place] = &[Arg, Header, UserAgent];

/// A rule, written short.
const fn rule(
    id: &'static str,
    places: &'static [Place],
    needs: &'static [u8],
    matches: fn(&str) -> bool,
) -> Rule {
    Rule {
        id,
        places,
        needs,
        matches,
    }
}

/// Every rule, in the order they are tried: the cheap and precise first.
pub(crate) const RULES: &[Rule] = &[
    rule("sqli-union", ANYWHERE, b"", sqli::sqli_union),
    rule("sqli-tautology", ANYWHERE, b"=<>k", sqli::sqli_tautology),
    rule("sqli-comment", ANYWHERE, b"'\"", sqli::sqli_comment),
    rule("sqli-stacked", ANYWHERE, b";", sqli::sqli_stacked),
    rule("sqli-function", ANYWHERE, b"(_'\"@", sqli::sqli_function),
    rule("xss-script", ANYWHERE, b"<", xss::xss_script),
    rule("xss-handler", ANYWHERE, b"=", xss::xss_handler),
    rule("xss-uri", ANYWHERE, b":&", xss::xss_uri),
    rule("xss-tag", ANYWHERE, b"<", xss::xss_tag),
    rule(
        "traversal-dotdot",
        IN_TARGET,
        b".",
        traversal::traversal_dotdot,
    ),
    rule(
        "traversal-file",
        IN_TARGET,
        b"./\\",
        traversal::traversal_file,
    ),
    rule("traversal-nul", IN_TARGET, b"\0", traversal::traversal_nul),
    rule("lfi-os-file", IN_TARGET, b"/\\.", traversal::lfi_os_file),
    rule(
        "lfi-restricted-file",
        IN_TARGET,
        b"./\\",
        traversal::lfi_restricted_file,
    ),
    rule("lfi-ai-artifact", &[Path], b".", traversal::lfi_ai_artifact),
    rule("bot-scanner", &[UserAgent], b"", scanner::bot_scanner),
    rule("java-lookup", ANYWHERE, b"$", java::java_lookup),
    rule("java-serialized", ANYWHERE, b"", java::java_serialized),
    rule("java-class", ANYWHERE, b".#@(", java::java_class),
    rule("java-gadget", ANYWHERE, b"", java::java_gadget),
    rule("java-base64", ANYWHERE, b"", java::java_base64),
    rule("php-open-tag", ARGS, b"<[", php::php_open_tag),
    rule("php-wrapper", ARGS, b":", php::php_wrapper),
    rule("php-variable", ARGS, b"$", php::php_variable),
    rule(
        "php-variable-variable",
        ARGS,
        b"$",
        php::php_variable_variable,
    ),
    rule("php-serialized", ARGS, b":", php::php_serialized),
    rule("php-setting", ARGS, b"_.", php::php_setting),
    rule("php-function", IN_TARGET, b"(", php::php_function),
    rule("php-variable-call", ARGS, b"$", php::php_variable_call),
    rule("node-injection", ARGS, b"_(.{;", generic::node_injection),
    rule("perl-injection", ARGS, b"@", generic::perl_injection),
    rule("ssrf-obfuscated", ARGS, b":/", generic::ssrf_obfuscated),
    rule(
        "prototype-pollution",
        ARGS,
        b"_.[",
        generic::prototype_pollution,
    ),
    rule(
        "template-injection",
        ARGS,
        b"{%(",
        generic::template_injection,
    ),
    rule("ssrf-target", ARGS, b":", generic::ssrf_target),
    rule("rfi-ip-url", ARGS, b":", generic::rfi_ip_url),
    rule(
        "rfi-trailing-query",
        ARGS,
        b"?",
        generic::rfi_trailing_query,
    ),
    rule("http-in-value", ARGS, b"\n\r ", generic::http_in_value),
    rule("ldap-injection", ARGS, b")", generic::ldap_injection),
    rule("nosql-operator", ARGS, b"$", generic::nosql_operator),
    rule("session-fixation", ARGS, b".", generic::session_fixation),
    rule("rce-unix-path", ARGS, b"/$", rce::rce_unix_path),
    rule(
        "rce-unix-command",
        ARGS_AND_HEADERS,
        b"",
        rce::rce_unix_command,
    ),
    rule("rce-shell-expression", ARGS, b"", rce::rce_shell_expression),
    rule("rce-windows-control", ARGS, b" ", rce::rce_windows_control),
    rule(
        "rce-windows-command",
        ARGS,
        b"&|;\n/-",
        rce::rce_windows_command,
    ),
    rule("rce-powershell", ARGS, b"-", rce::rce_powershell),
    rule("sqli-catalog", ANYWHERE, b"_bdeot", sqli::sqli_catalog),
    rule("sqli-json", ANYWHERE, b":@", sqli::sqli_json),
    rule(
        "sqli-quote-comment",
        ANYWHERE,
        b"'\"`",
        sqli::sqli_quote_comment,
    ),
    // libinjection's fingerprints all hold a quote, an operator, a
    // parenthesis, a comment or a separator: text without one is spared.
    rule(
        "sqli-libinjection",
        EACH_PART,
        b"'\"`;()#-=/*|&<>!@~^+,",
        sqli::sqli_libinjection,
    ),
    rule(
        "sqli-function-call",
        ANYWHERE,
        b"(",
        sqli::sqli_function_call,
    ),
    rule("xss-libinjection", ANYWHERE, b"<=:", xss::xss_libinjection),
    rule("xss-js-call", ARGS, b"(`", xss::xss_js_call),
    rule("xss-dom", ARGS, b"", xss::xss_dom),
];

#[cfg(test)]
mod tests {
    use super::{RULES, first_trip, present};
    use crate::decode::normalize::normalize;

    /// The rule each payload trips first, or `None` for what must pass.
    const CASES: &[(&str, Option<&str>)] = &[
        ("1 UNION SELECT password FROM users", Some("sqli-union")),
        ("1 union/**/all/**/select 1", Some("sqli-union")),
        ("1)union(select(1", Some("sqli-union")),
        ("admin' OR '1'='1", Some("sqli-tautology")),
        ("'or''='", Some("sqli-tautology")),
        ("1 or 1=1", Some("sqli-tautology")),
        ("x\" and 1>0", Some("sqli-tautology")),
        ("admin'--", Some("sqli-comment")),
        ("admin' #", Some("sqli-comment")),
        ("1; DROP TABLE users", Some("sqli-stacked")),
        ("1;delete from t", Some("sqli-stacked")),
        ("1 AND SLEEP(5)", Some("sqli-function")),
        ("1; waitfor delay '0:0:5'", Some("sqli-function")),
        ("1 and benchmark (1000000,md5(1))", Some("sqli-function")),
        ("<script>alert(1)</script>", Some("xss-script")),
        ("<img src=x onerror=alert(1)>", Some("xss-handler")),
        ("\" onmouseover=\"alert(1)", Some("xss-handler")),
        ("JavaScript:alert(1)", Some("xss-uri")),
        ("<iframe src=//evil>", Some("xss-tag")),
        ("<svg/onload=alert(1)>", Some("xss-handler")),
        ("../../etc/passwd", Some("traversal-dotdot")),
        ("..\\..\\boot.ini", Some("traversal-dotdot")),
        ("/static/..", Some("traversal-dotdot")),
        ("/etc/passwd", Some("traversal-file")),
        ("/app/.git/config", Some("traversal-file")),
        ("/.env", Some("traversal-file")),
        ("/download/report.pdf\0.txt", Some("traversal-nul")),
        // MySQL runs a versioned comment's content; `#` and `-- ` comments
        // end at a newline.
        ("1 union/*!50000select*/ 1,2", Some("sqli-union")),
        ("1 union/*!select*/ 1,2", Some("sqli-union")),
        ("1 union%23x%0aselect 1", Some("sqli-union")),
        ("1 union--%20x%0aselect 1", Some("sqli-union")),
        ("1 union-- x\n/*!all*/ select 1", Some("sqli-union")),
        // A script inside what SQL would take for a comment is still seen.
        ("x %23<script>alert(1)</script>%0a", Some("xss-script")),
        ("/*<script>alert(1)</script>*/", Some("xss-script")),
        // Browsers drop tabs and newlines in a URL and decode entities in
        // an attribute.
        ("java%09script:alert(1)", Some("xss-uri")),
        ("java%0d%0ascript:alert(1)", Some("xss-uri")),
        ("%26%23106;avascript:alert(1)", Some("xss-uri")),
        ("&#x6A;avascript:alert(1)", Some("xss-uri")),
        ("&#0000106avascript&#58;alert(1)", Some("xss-uri")),
        ("javascript&colon;alert(1)", Some("xss-uri")),
        // Empty and `.` segments and `;` parameters are what servers skip.
        ("/etc//passwd", Some("traversal-file")),
        ("/etc/./passwd", Some("traversal-file")),
        ("/etc/passwd;x=1", Some("traversal-file")),
        ("/app/.git;x/config", Some("traversal-file")),
        ("/a/..;/admin", Some("traversal-dotdot")),
        ("/a/..;x=1", Some("traversal-dotdot")),
        // The rules added for the Core Rule Set's corpus.
        ("FOOfsockopen()", Some("php-function")),
        ("(system)('id')", Some("php-function")),
        ("${'ff'}", Some("php-variable-variable")),
        ("~+", Some("rce-shell-expression")),
        ("[].sort.call`${alert}1337`", Some("xss-js-call")),
        ("document.body.appendchild(x)", Some("xss-dom")),
        ("declare @x", Some("sqli-function")),
        ("time sh -c whoami", Some("rce-unix-command")),
        ("x;c$@at readme", Some("rce-unix-command")),
        ("1;/bin/ca? readme", Some("rce-unix-command")),
        ("u_id[$ne]", Some("nosql-operator")),
        ("http://0x7f.0.0.1/", Some("ssrf-obfuscated")),
        ("cnvudgltzq", Some("java-base64")),
        // What ordinary requests carry must pass.
        ("ecosystem(s) matter", None),
        ("fields={id,name}", None),
        ("{\"id\":\"email\",\"name\":\"email\"}", None),
        ("she found herself a heroine; more than that", None),
        ("https://cm.example.net/pixel?uid=${BASE64_UID_ENC}", None),
        ("avenida blasco ibañez, s/n, 6ºd", None),
        ("/api/flights", None),
        ("cats or dogs", None),
        ("rock and roll", None),
        ("tom's and jerry's", None),
        ("select a seat", None),
        ("the union of two sets", None),
        ("/files/report.v2..final", None),
        ("online=1", None),
        (
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            None,
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
            None,
        ),
        ("en-US,en;q=0.5", None),
        ("1,2; 3", None),
        ("/.environment", None),
        ("don't -- do it", None),
        ("#ff0000", None),
        ("a -- b%0aunion of c", None),
        ("rock & roll: a history", None),
        ("&#65;&#66;: c", None),
        ("/api//flights/./today;v=2", None),
        ("/a/b;c/d", None),
    ];

    fn first_match(text: &str) -> Option<&'static str> {
        first_trip(&normalize(text.as_bytes(), false), |_| true)
    }

    /// A rule's family: what its id says before the first `-`.
    fn family(rule: &str) -> &str {
        rule.split('-').next().unwrap_or(rule)
    }

    #[test]
    fn each_payload_trips_a_rule_of_its_family_and_ordinary_text_passes() {
        let wrong: Vec<String> = CASES
            .iter()
            .filter(|(text, expected)| first_match(text).map(family) != expected.map(family))
            .map(|(text, expected)| format!("{text:?}: {:?}, not {expected:?}", first_match(text)))
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn scanners_are_known_by_their_user_agent() {
        let scanner = RULES
            .iter()
            .find(|rule| rule.id == "bot-scanner")
            .expect("the rule exists");
        let trips = |ua: &[u8]| {
            let text = normalize(ua, false).text;
            scanner.trips(&text, &present(&text))
        };
        assert!(trips(b"sqlmap/1.7.2#stable (https://sqlmap.org)"));
        assert!(trips(b"Mozilla/5.0 zgrab/0.x"));
        assert!(!trips(b"curl/8.5.0"));
    }

    #[test]
    fn rule_ids_are_unique() {
        let mut ids: Vec<_> = RULES.iter().map(|rule| rule.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
    }
}
