//! Injections into the app's runtime or its neighbours: Node.js code,
//! prototype pollution, server-side templates, server-side requests,
//! HTTP messages smuggled inside a value, LDAP filters, session fixing.

use super::lists::{SSRF_TARGETS, holds_any};

/// Node.js code an injection runs: `require('child_process')`,
/// `process.mainModule`, serialized functions (`_$$ND_FUNC$$_`), endless
/// loops (`while(!false)`)... Blanks are dropped before comparing.
pub(super) fn node_injection(text: &str) -> bool {
    const CODE: [&str; 19] = [
        "_$$nd_func$$_",
        "__js_function",
        "child_process",
        "process.mainmodule",
        "process.binding",
        "require(",
        "newfunction(",
        "function(){",
        "this.constructor.constructor",
        "string.fromcharcode",
        "module.exports",
        "while(!",
        "while(true)",
        "while(1)",
        "for(;;)",
        "process.env",
        "while(infinity)",
        "while(-infinity)",
        "while(+infinity)",
    ];
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    CODE.iter().any(|code| squeezed.contains(code))
}

/// Perl code an injection runs inside a string: `@{[ system 'id' ]}`.
pub(super) fn perl_injection(text: &str) -> bool {
    text.match_indices("@{")
        .any(|(at, _)| text[at + 2..].trim_start().starts_with('['))
}

/// A URL to a loopback or metadata address spelt so a block list misses
/// it: a host that is one number (`http://2130706433/`), hexadecimal
/// (`0x7f.0x0.0x0.0x1`, `0xA9FEA9FE`) or octal (`0177.0.0.1`), or
/// `localhost` under another name.
pub(super) fn ssrf_obfuscated(text: &str) -> bool {
    let text = &plain_digits(text);
    let loopback_name = |host: &str| {
        matches!(
            host,
            "localhost"
                | "localhost.localdomain"
                | "localhost4"
                | "localhost4.localdomain4"
                | "localhost6"
                | "localhost6.localdomain6"
                | "ip6-localhost"
                | "ipv6-localhost"
                | "ip6-loopback"
                | "ipv6-loopback"
                | "host.docker.internal"
                | "gateway.docker.internal"
                | "kubernetes.default.svc"
                | "metadata.google.internal"
        )
    };
    let number = |part: &str| match part.strip_prefix("0x") {
        Some(hex) => !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()),
        None => !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()),
    };
    let odd = |part: &str| part.starts_with("0x") || (part.len() > 1 && part.starts_with('0'));
    let risky = |host: &str| {
        if let Some(bracketed) = host.strip_prefix('[') {
            // IPv6: the unspecified and loopback addresses, and IPv4 ones
            // mapped into it (`[::ffff:a9fe:a9fe]`).
            let address = bracketed.trim_end_matches(']');
            return address.contains("ffff") || matches!(address, "::" | "::1" | "0:0:0:0:0:0:0:1");
        }
        let parts: Vec<&str> = host.split('.').collect();
        let numeric = parts.len() <= 4 && parts.iter().all(|part| number(part));
        (numeric && (parts.len() < 4 || parts.iter().any(|part| odd(part)))) || loopback_name(host)
    };
    let in_url = text
        .match_indices("://")
        .any(|(at, _)| url_hosts(&text[at + 3..]).into_iter().any(risky));
    in_url || (text.contains('/') && url_hosts(text).into_iter().any(loopback_name))
}

/// Prototype pollution: `__proto__`, `constructor.prototype`,
/// `constructor[prototype]`.
pub(super) fn prototype_pollution(text: &str) -> bool {
    text.contains("__proto__")
        || text.contains("constructor.prototype")
        || text.contains("constructor[prototype]")
        || text.contains("constructor][prototype]")
}

/// Server-side template injection: a template expression reaching for
/// the runtime (`{{''.__class__.__mro__}}`, `{{config}}`, `${7*7}`,
/// `<%= ... %>`, `{% import %}`).
pub(super) fn template_injection(text: &str) -> bool {
    const REACH: [&str; 12] = [
        "__class__",
        "__mro__",
        "__globals__",
        "__builtins__",
        "__subclasses__",
        "__import__",
        "config",
        "self.",
        "request.",
        "lipsum",
        "cycler",
        "popen",
    ];
    let expressions = ["{{", "{%", "${", "#{", "<%", "*{", "@("];
    expressions.iter().any(|open| {
        text.match_indices(open).any(|(at, _)| {
            let inside: String = text[at + open.len()..].chars().take(80).collect();
            REACH.iter().any(|reach| inside.contains(reach)) || arithmetic(&inside)
        })
    })
}

/// `7*7`, `7 * 191`: the probe every template scanner sends.
fn arithmetic(inside: &str) -> bool {
    let inside = inside.trim_start();
    let digits = inside.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && {
        let rest = inside[digits..].trim_start();
        rest.strip_prefix('*')
            .is_some_and(|rest| rest.trim_start().starts_with(|c: char| c.is_ascii_digit()))
    }
}

/// A request for a cloud's metadata or a loopback address (the Core Rule
/// Set's list: `http://169.254.169.254/latest/`, `http://127.0.0.1`,
/// `http://[::]:`...), or a scheme only such requests use (`gopher://`,
/// `dict://`, `file://`).
pub(super) fn ssrf_target(text: &str) -> bool {
    holds_any(text, SSRF_TARGETS)
        || [
            "gopher://",
            "dict://",
            "file://",
            "ldap://",
            "tftp://",
            "jar:",
        ]
        .iter()
        .any(|scheme| text.contains(scheme))
}

/// A URL to a bare IP address given as an argument (`http://10.0.0.5/x`):
/// remote file inclusion, where a script is fetched from the attacker.
pub(super) fn rfi_ip_url(text: &str) -> bool {
    ["http://", "https://", "ftp://", "ftps://"]
        .iter()
        .any(|scheme| {
            text.match_indices(scheme).any(|(at, _)| {
                url_hosts(&text[at + scheme.len()..])
                    .into_iter()
                    .any(|host| {
                        host.split('.').count() == 4
                            && host.split('.').all(|n| {
                                !n.is_empty()
                                    && n.len() <= 3
                                    && n.bytes().all(|b| b.is_ascii_digit())
                            })
                    })
            })
        })
}

/// The hosts the URL whose `scheme://` `rest` follows names, by the two
/// common readings: a browser's (WHATWG: a `\` ends the authority as a
/// `/` does, so `http://10.0.0.5\@example.com/` is 10.0.0.5) and curl's or
/// PHP's (it does not: example.com). In both the host comes after the last
/// `@` (user and password before it) and before the port; a bracketed IPv6
/// host keeps its brackets.
fn url_hosts(rest: &str) -> [&str; 2] {
    [
        host_before(rest, &['/', '?', '#', '\\']),
        host_before(rest, &['/', '?', '#']),
    ]
}

/// The host of the authority at the start of `rest`, which ends at the
/// first of `ends`.
fn host_before<'a>(rest: &'a str, ends: &[char]) -> &'a str {
    let authority = rest.split(ends).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or(authority);
    match host.find(']') {
        Some(end) if host.starts_with('[') => &host[..=end],
        _ => host.split(':').next().unwrap_or(host),
    }
}

/// A URL whose query is cut by a trailing `?`, which makes a script
/// include drop its own suffix (`?page=http://evil/shell.txt?`).
pub(super) fn rfi_trailing_query(text: &str) -> bool {
    text.ends_with('?')
        && ["http://", "https://", "ftp://"]
            .iter()
            .any(|scheme| text.starts_with(scheme))
}

/// An HTTP message inside a value: a request line (request smuggling),
/// or a line break before a header or a status line (response
/// splitting, header injection).
pub(super) fn http_in_value(text: &str) -> bool {
    const METHODS: [&str; 9] = [
        "get ", "post ", "head ", "put ", "delete ", "options ", "connect ", "trace ", "patch ",
    ];
    const HEADERS: [&str; 9] = [
        "location:",
        "refresh:",
        "set-cookie:",
        "cookie:",
        "content-type:",
        "content-length:",
        "x-forwarded-for:",
        "host:",
        "http/1.",
    ];
    let request_line = METHODS.iter().any(|method| {
        text.match_indices(method).any(|(at, _)| {
            (at == 0 || text.as_bytes()[at - 1] == b'\n')
                && text[at..]
                    .lines()
                    .next()
                    .is_some_and(|line| line.contains(" http/"))
        })
    });
    request_line
        || text.match_indices(['\n', '\r']).any(|(at, _)| {
            let next = text[at + 1..].trim_start_matches(['\r', '\n', ' ', '\t']);
            HEADERS.iter().any(|header| next.starts_with(header)) || next.starts_with("<html")
        })
}

/// An LDAP filter broken out of: `*)(uid=*))(|(uid=*`, `admin)(&)`,
/// `x)!(sn=*`: a closing parenthesis, an opening one (after `!`, `&` or
/// `|`), then an attribute and `=`.
pub(super) fn ldap_injection(text: &str) -> bool {
    text.contains(")(&)")
        || text.contains(")(|)")
        || text.match_indices(')').any(|(at, _)| {
            let rest = text[at + 1..].trim_start_matches(['!', '&', '|']);
            let Some(filter) = rest.strip_prefix('(') else {
                return false;
            };
            let filter = filter.trim_start_matches(['!', '&', '|', '(']);
            let name = filter
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
                .count();
            name > 0 && filter[name..].starts_with(['=', '~', '>', '<'])
        })
}

/// A cookie set from a value: `document.cookie=`, `.cookie="...; domain=`,
/// `<meta http-equiv="set-cookie"`.
pub(super) fn session_fixation(text: &str) -> bool {
    (text.contains("http-equiv") && text.contains("set-cookie"))
        || text.find(".cookie").is_some_and(|at| {
            // What follows the first `.cookie` holds what any later one's
            // does: one look suffices.
            let rest = &text[at..];
            rest.contains(';')
                && (rest.contains("expires") || rest.contains("domain") || rest.contains("path"))
        })
}

/// A NoSQL (MongoDB) query operator where a value belongs: `u_id[$ne]=2`,
/// `{"$where": ...}`, `[$regex]`: the app's query then matches what the
/// attacker wants.
pub(super) fn nosql_operator(text: &str) -> bool {
    const OPERATORS: [&str; 17] = [
        "and",
        "elemmatch",
        "eq",
        "exists",
        "expr",
        "gt",
        "gte",
        "in",
        "lt",
        "lte",
        "ne",
        "nin",
        "nor",
        "not",
        "or",
        "regex",
        "where",
    ];
    text.match_indices('$').any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let name: String = text[at + 1..]
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect();
        let after = text[at + 1 + name.len()..].chars().next();
        OPERATORS.contains(&name.as_str())
            && matches!(before, None | Some('[' | '"' | '{' | '\''))
            && matches!(after, None | Some(']' | '"' | '\'' | ':'))
    })
}

/// `text` with the digits Unicode writes circled or full-width (`①②⑦`,
/// `１２７`) as ASCII ones: URL parsers read them so.
fn plain_digits(text: &str) -> String {
    text.chars()
        .map(|c| match u32::from(c) {
            0x2460..=0x2468 => char::from_digit(u32::from(c) - 0x2460 + 1, 10).unwrap_or(c),
            0x24ea | 0x24ff => '0',
            0xff10..=0xff19 => char::from_digit(u32::from(c) - 0xff10, 10).unwrap_or(c),
            0x3002 | 0xff0e | 0xff61 => '.',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_finds_its_attack() {
        assert!(node_injection("require('child_process').exec('id')"));
        assert!(prototype_pollution("a[__proto__][admin]=1"));
        assert!(template_injection("{{7*7}}"));
        assert!(template_injection("{{''.__class__.__mro__[1]}}"));
        assert!(!template_injection("{{ name }}"));
        assert!(ssrf_target("http://169.254.169.254/latest/meta-data"));
        assert!(rfi_ip_url("http://10.0.0.5/shell.txt"));
        assert!(!rfi_ip_url("http://example.com/a.b.c.d"));
        // User and password before the host do not hide it, from either
        // rule (rfi-ip-url cut the authority at the first `:` before).
        assert!(rfi_ip_url("http://user:pass@10.0.0.5/shell.txt"));
        assert!(rfi_ip_url("ftp://anonymous:x@192.168.1.7:2121/s.txt"));
        assert!(ssrf_obfuscated("http://user:pass@0x7f000001/"));
        assert!(!rfi_ip_url("http://10.0.0.5:pass@example.com/"));
        // A backslash ends the authority for a browser, not for curl: both
        // readings count (a third review's bypasses).
        assert!(rfi_ip_url("http://10.0.0.5\\@example.com/shell.txt"));
        assert!(ssrf_obfuscated("http://0x7f000001\\@example.com/"));
        assert!(!rfi_ip_url("http://example.com/a\\10.0.0.5"));
        // User information before a bracketed IPv6 host.
        assert!(ssrf_obfuscated("http://x@[::1]/"));
        assert!(ssrf_obfuscated("http://x@[::ffff:7f00:1]/"));
        assert!(ssrf_obfuscated("http://[::1]:8080/"));
        assert!(!ssrf_obfuscated("http://x@[2001:db8::1]/"));
        assert!(rfi_trailing_query("http://evil.example/shell.txt?"));
        assert!(http_in_value("x\r\nset-cookie: a=b"));
        assert!(http_in_value("get /admin http/1.1"));
        assert!(!http_in_value("get well soon"));
        assert!(ldap_injection("*)(uid=*))(|(uid=*"));
        assert!(session_fixation(
            "<script>document.cookie=\"sid=1; path=/\"</script>"
        ));
    }
}
