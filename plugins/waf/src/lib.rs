//! An edge plugin that blocks common attacks before they reach the app: a
//! small web application firewall with a documented rule set.
//!
//! Each part of the request (the path; each query parameter's name and
//! value, and the whole query, so that text split at a `=` or `&` is seen
//! whole too; each header) is percent-decoded (up to three times, so
//! double encoding hides nothing; `+` is a space in the query),
//! lowercased, with whitespace runs as one space. A part that holds SQL
//! comments is also seen as SQL reads it: `/*…*/`, and `#…` or `--…` up
//! to a newline, as a space, and MySQL's versioned comments
//! (`/*!50000select*/`, which MySQL runs) with only their delimiters as
//! spaces. Every rule reads the parts it applies to, and trips on either
//! view:
//!
//! | rule | reads | matches |
//! |---|---|---|
//! | `sqli-union` | path, query, headers | `union [all\|distinct] select` |
//! | `sqli-tautology` | path, query, headers | a quote or number, `or`/`and`/`\|\|`/`&&`, then a comparison: `' or '1'='1`, `1 or 1=1` |
//! | `sqli-comment` | path, query, headers | a quote followed by `--`, `#` or `/*` |
//! | `sqli-stacked` | path, query, headers | `;` then `drop`, `delete`, `insert`, `update`, `select`, `shutdown`, `exec`, `alter`, `create`, `truncate` or `declare` |
//! | `sqli-function` | path, query, headers | `sleep(`, `benchmark(`, `pg_sleep(`, `load_file(`, `information_schema`, `xp_cmdshell`; `waitfor delay`, `into outfile`, `into dumpfile` in text with a quote |
//! | `xss-script` | path, query, headers | `<script`, `</script` |
//! | `xss-handler` | path, query, headers | an event handler attribute (`onerror=`) after a space, quote or `/`, with a `<` or quote in the text |
//! | `xss-uri` | path, query, headers | `javascript:`, `vbscript:`, `data:text/html`, after decoding HTML numeric references (`&#106;`, `&#x6a;`) and `&colon;`, `&tab;`, `&newline;`, and dropping whitespace and control characters, as a browser reads an attribute |
//! | `xss-tag` | path, query, headers | `<iframe`, `<object`, `<embed`, `<svg`, `<math`, `<base`, `<meta`, `<link` |
//! | `traversal-dotdot` | path, query | `../`, `..\`, a final `..` segment, in the text read as a server resolves a path: `;…` parameters cut from each segment (`..;/` is `../`), empty and `.` segments dropped |
//! | `traversal-file` | path, query | `/etc/passwd`, `/etc/shadow`, `/proc/self/`, `c:\windows`, `boot.ini`, `win.ini`, `.htpasswd`, `/.git/`, `/.ssh/`, a `/.env` segment, in the text read as `traversal-dotdot` reads it (`/etc//passwd`, `/etc/./passwd`) |
//! | `traversal-nul` | path, query | a NUL byte (`%00`) |
//! | `bot-scanner` | `User-Agent` | sqlmap, nikto, nmap, masscan, zgrab, acunetix, nessus, openvas, wpscan, dirbuster, gobuster, ffuf, nuclei, havij, w3af, netsparker, jorgee, zmeu |
//!
//! The first rule tripped answers `403 Forbidden` with the rule's id in the
//! body and in `x-waf-rule`, never the payload; the log line names the
//! rule and the part (`path`, `query`, `header <name>`). The request body
//! is not read: the app gets it unread.
//!
//! The plugin reads no configuration and no store, so it imports nothing
//! beyond `wasi:http` and what Rust's std imports: composed in front of an
//! app that needs no more, it runs on `wasmtime serve -S cli`.

mod comments;
mod entities;
mod inspect;
mod normalize;
mod rules;
mod segments;

use edge::Response;
use edge::http::{HeaderValue, StatusCode, header};
use edge::plugin::{BodyPrefix, Decision, RequestHead};

/// Blocks a request that trips a rule; passes the others.
#[edge::plugin]
fn waf(req: &RequestHead, body: &BodyPrefix) -> Decision {
    match inspect::inspect(req, body) {
        None => Decision::Pass,
        Some(finding) => {
            eprintln!(
                "waf: blocked {} by rule {} in the {}",
                req.method(),
                finding.rule,
                finding.place
            );
            Decision::Respond(forbidden(finding.rule))
        }
    }
}

/// The 403 that names `rule`.
fn forbidden(rule: &'static str) -> Response {
    let mut response = Response::new(format!("Forbidden: blocked by WAF rule {rule}\n").into());
    *response.status_mut() = StatusCode::FORBIDDEN;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert("x-waf-rule", HeaderValue::from_static(rule));
    response
}
