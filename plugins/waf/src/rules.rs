//! The rule set: each rule an id, the request parts it reads, and a test
//! over a normalized part (see `normalize`).

use crate::entities::squeezed;
use crate::normalize::Normalized;
use crate::segments::canonical;

/// A part of the request a rule reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// The path.
    Path,
    /// Each query parameter's name and value, and the whole query.
    Query,
    /// Every header's value (the `User-Agent` too).
    Header,
    /// The `User-Agent` header.
    UserAgent,
}

use Place::{Header, Path, Query, UserAgent};

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

const ANYWHERE: &[Place] = &[Path, Query, Header];
const IN_TARGET: &[Place] = &[Path, Query];

/// Every rule, in the order they are tried.
pub(crate) const RULES: &[Rule] = &[
    Rule {
        id: "sqli-union",
        places: ANYWHERE,
        needs: b"",
        matches: sqli_union,
    },
    Rule {
        id: "sqli-tautology",
        places: ANYWHERE,
        needs: b"=<>k",
        matches: sqli_tautology,
    },
    Rule {
        id: "sqli-comment",
        places: ANYWHERE,
        needs: b"'\"",
        matches: sqli_comment,
    },
    Rule {
        id: "sqli-stacked",
        places: ANYWHERE,
        needs: b";",
        matches: sqli_stacked,
    },
    Rule {
        id: "sqli-function",
        places: ANYWHERE,
        needs: b"(_'\"",
        matches: sqli_function,
    },
    Rule {
        id: "xss-script",
        places: ANYWHERE,
        needs: b"<",
        matches: xss_script,
    },
    Rule {
        id: "xss-handler",
        places: ANYWHERE,
        needs: b"=",
        matches: xss_handler,
    },
    Rule {
        id: "xss-uri",
        places: ANYWHERE,
        needs: b":&",
        matches: xss_uri,
    },
    Rule {
        id: "xss-tag",
        places: ANYWHERE,
        needs: b"<",
        matches: xss_tag,
    },
    Rule {
        id: "traversal-dotdot",
        places: IN_TARGET,
        needs: b".",
        matches: traversal_dotdot,
    },
    Rule {
        id: "traversal-file",
        places: IN_TARGET,
        needs: b"./\\",
        matches: traversal_file,
    },
    Rule {
        id: "traversal-nul",
        places: IN_TARGET,
        needs: b"\0",
        matches: traversal_nul,
    },
    Rule {
        id: "bot-scanner",
        places: &[UserAgent],
        needs: b"",
        matches: bot_scanner,
    },
];

/// `union select`, `union all select`, `union distinct select`,
/// `union(select`.
fn sqli_union(text: &str) -> bool {
    text.match_indices("union").any(|(at, word)| {
        let rest = text[at + word.len()..].trim_start();
        let rest = rest
            .strip_prefix("all")
            .or_else(|| rest.strip_prefix("distinct"))
            .unwrap_or(rest);
        rest.trim_start_matches([' ', '(']).starts_with("select")
    })
}

/// `' or '1'='1`, `1 or 1=1`, `'or''='`, `" and 1>0`: a quote or number,
/// then `or`/`and`/`||`/`&&`, then a comparison within a few characters.
fn sqli_tautology(text: &str) -> bool {
    ["or", "and", "||", "&&"].iter().any(|keyword| {
        text.match_indices(keyword).any(|(at, _)| {
            let before = text[..at].trim_end().chars().next_back();
            let after_at = at + keyword.len();
            let after = text[after_at..].chars().next();
            let operand_before =
                before.is_some_and(|c| matches!(c, '\'' | '"' | ')') || c.is_ascii_digit());
            let operand_after =
                after.is_some_and(|c| matches!(c, ' ' | '\'' | '"' | '(') || c.is_ascii_digit());
            let window: String = text[after_at..].chars().take(40).collect();
            operand_before
                && operand_after
                && (window.contains(['=', '<', '>']) || window.contains(" like "))
        })
    })
}

/// A quote closed and the rest commented out: `'--`, `' #`, `'/*`.
fn sqli_comment(text: &str) -> bool {
    text.match_indices(['\'', '"']).any(|(at, quote)| {
        let rest = text[at + quote.len()..].trim_start();
        rest.starts_with("--") || rest.starts_with('#') || rest.starts_with("/*")
    })
}

/// A second statement: `; drop table`, `;delete from`...
fn sqli_stacked(text: &str) -> bool {
    const VERBS: [&str; 11] = [
        "drop", "delete", "insert", "update", "select", "shutdown", "exec", "alter", "create",
        "truncate", "declare",
    ];
    text.match_indices(';').any(|(at, _)| {
        let rest = text[at + 1..].trim_start();
        VERBS.iter().any(|verb| {
            rest.strip_prefix(verb)
                .is_some_and(|after| after.is_empty() || after.starts_with([' ', '(']))
        })
    })
}

/// Calls and names only an injection uses: time delays, file access,
/// the schema, command execution. (The rule's `needs` asks for a `(`,
/// `_` or quote: `waitfor delay '0:0:5'`, `into outfile '/tmp/x'`.)
fn sqli_function(text: &str) -> bool {
    const CALLS: [&str; 4] = ["sleep", "benchmark", "pg_sleep", "load_file"];
    const WORDS: [&str; 5] = [
        "waitfor delay",
        "into outfile",
        "into dumpfile",
        "information_schema",
        "xp_cmdshell",
    ];
    CALLS.iter().any(|call| {
        text.match_indices(call)
            .any(|(at, _)| text[at + call.len()..].trim_start().starts_with('('))
    }) || WORDS.iter().any(|word| text.contains(word))
}

fn xss_script(text: &str) -> bool {
    text.contains("<script") || text.contains("</script")
}

/// An event handler attribute, `onerror=` or ` onload =`, after a space,
/// quote or slash, in text that has a tag or a quote to break out with.
fn xss_handler(text: &str) -> bool {
    if !text.contains(['<', '"', '\'']) {
        return false;
    }
    text.match_indices("on").any(|(at, _)| {
        let before = text[..at].chars().next_back();
        if !before.is_some_and(|c| matches!(c, ' ' | '"' | '\'' | '/')) {
            return false;
        }
        let rest = &text[at + 2..];
        let letters = rest.chars().take_while(char::is_ascii_alphabetic).count();
        letters >= 3 && rest[letters..].trim_start().starts_with('=')
    })
}

/// A script URL, read as a browser reads an attribute: references
/// decoded, whitespace and control characters dropped.
fn xss_uri(text: &str) -> bool {
    let text = squeezed(text);
    ["javascript:", "vbscript:", "data:text/html"]
        .iter()
        .any(|scheme| text.contains(scheme))
}

fn xss_tag(text: &str) -> bool {
    [
        "<iframe", "<object", "<embed", "<svg", "<math", "<base", "<meta", "<link",
    ]
    .iter()
    .any(|tag| text.contains(tag))
}

/// `../`, `..\`, or a `..` segment at the end, in the path as a server
/// resolves it (`..;/` is `../`).
fn traversal_dotdot(text: &str) -> bool {
    let text = canonical(text);
    text.contains("../")
        || text.contains("..\\")
        || text == ".."
        || text.ends_with("/..")
        || text.ends_with("\\..")
}

/// Files only an attacker asks for, in the path as a server resolves it
/// (`/etc//passwd` is `/etc/passwd`).
fn traversal_file(text: &str) -> bool {
    let text = canonical(text);
    const FILES: [&str; 9] = [
        "/etc/passwd",
        "/etc/shadow",
        "/proc/self/",
        "c:\\windows",
        "boot.ini",
        "win.ini",
        ".htpasswd",
        "/.git/",
        "/.ssh/",
    ];
    FILES.iter().any(|file| text.contains(file))
        || text.ends_with("/.env")
        || text.contains("/.env/")
}

/// A NUL byte (`%00`), which cuts a path short in C code behind the app.
fn traversal_nul(text: &str) -> bool {
    text.contains('\0')
}

/// The user agents of vulnerability scanners and attack tools.
fn bot_scanner(text: &str) -> bool {
    const SCANNERS: [&str; 18] = [
        "sqlmap",
        "nikto",
        "nmap",
        "masscan",
        "zgrab",
        "acunetix",
        "nessus",
        "openvas",
        "wpscan",
        "dirbuster",
        "gobuster",
        "ffuf",
        "nuclei",
        "havij",
        "w3af",
        "netsparker",
        "jorgee",
        "zmeu",
    ];
    SCANNERS.iter().any(|scanner| text.contains(scanner))
}

#[cfg(test)]
mod tests {
    use super::{RULES, first_trip, present};
    use crate::normalize::normalize;

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
        // What ordinary requests carry must pass.
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

    #[test]
    fn each_payload_trips_its_rule_and_ordinary_text_passes() {
        let wrong: Vec<String> = CASES
            .iter()
            .filter(|(text, expected)| first_match(text) != *expected)
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
