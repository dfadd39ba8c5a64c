//! An edge plugin that blocks common attacks before they reach the app: a
//! web application firewall built on libinjection's SQL and HTML
//! tokenizers (`libinjectionrs`) and the OWASP Core Rule Set's word lists
//! (`data/crs/`), with rules of its own around them.
//!
//! **What it reads.** The path; each argument's name and value (the
//! query's, each cookie's, and the body's) and each form whole, so that
//! text split at a `=` or `&` is seen whole too; the headers that carry
//! free text (`User-Agent`, `Referer`, custom ones; not those browsers
//! write from a fixed grammar, such as `Accept`). Built for WASI 0.3 it
//! reads the first 64 KiB of the body ([`BodyPrefix`]) by its
//! `Content-Type`: JSON's keys and strings at any depth, each multipart
//! part and file name, XML's text and attribute values, anything else as
//! a form (a body that is not one is one argument); the app then gets the
//! whole body, streamed. Built for WASI 0.2 it sees heads alone.
//!
//! **How it reads.** Each part is percent-decoded (up to three times, so
//! double encoding hides nothing; `+` is a space in forms), lower-cased,
//! with whitespace runs as one space; a part that holds SQL comments is
//! also seen as SQL reads it (`/*…*/`, `#…` and `--…` as spaces; MySQL's
//! versioned comments `/*!50000select*/` keep their content). A rule trips
//! on either view.
//!
//! **The rules**, by family (ids in `x-waf-rule`):
//!
//! | family | rules | catches |
//! |---|---|---|
//! | SQL injection | `sqli-libinjection`, `sqli-function-call`, `sqli-union`, `sqli-tautology`, `sqli-comment`, `sqli-quote-comment`, `sqli-stacked`, `sqli-function`, `sqli-catalog`, `sqli-json` | libinjection's fingerprints; a call of any of its thousand SQL functions; union queries, tautologies, closed quotes commented out, stacked statements, delays, catalogues, PostgreSQL's JSON operators |
//! | XSS | `xss-libinjection`, `xss-script`, `xss-handler`, `xss-uri`, `xss-tag`, `xss-js-call`, `xss-dom` | libinjection's HTML parser; scripts, handlers, script URLs as a browser decodes them, dangerous tags, `eval(`/`alert(`, `document.cookie` |
//! | path traversal, files | `traversal-dotdot`, `traversal-file`, `traversal-nul`, `lfi-os-file`, `lfi-restricted-file`, `lfi-ai-artifact` | `../` as a server resolves it; the CRS's lists of system files, of files no site serves (`.git/`, `.env`), of AI tools' settings |
//! | command injection | `rce-unix-command`, `rce-unix-path`, `rce-shell-expression`, `rce-windows-command`, `rce-windows-control`, `rce-powershell` | a CRS-listed Unix command where a shell starts one (after `;`, `\|`, `&&`, `$(`...; spelt `c'a't`, `c$@at`, `/bin/ca?`), shell paths, `$(...)`, `cmd` commands and loops, PowerShell cmdlets |
//! | PHP | `php-open-tag`, `php-function`, `php-variable`, `php-variable-variable`, `php-variable-call`, `php-wrapper`, `php-serialized`, `php-setting` | code, high-risk calls (the CRS's list), superglobals, `${'name'}`, `php://` streams, serialized objects, `allow_url_include=` |
//! | Java | `java-class`, `java-gadget`, `java-lookup`, `java-serialized`, `java-base64` | classes attackers load (CRS list), deserialization gadgets, Log4j lookups, serialized objects, their words in Base64 |
//! | other injections | `node-injection`, `perl-injection`, `template-injection`, `prototype-pollution`, `nosql-operator`, `ldap-injection`, `http-in-value`, `session-fixation` | Node.js code, `@{[...]}`, template expressions, `__proto__`, `[$ne]`, LDAP filters, request smuggling and response splitting, cookies set from a value |
//! | SSRF, RFI | `ssrf-target`, `ssrf-obfuscated`, `rfi-ip-url`, `rfi-trailing-query` | metadata and loopback addresses (CRS list), spelt as one number, in hex, octal or circled digits; scripts fetched from a bare IP |
//! | protocol | `protocol-method`, `protocol-restricted-header`, `protocol-content-type`, `protocol-range`, `protocol-restricted-extension`, `protocol-unicode-escape`, `protocol-method-override`, `protocol-multipart`, `session-fixation-name` | made-up methods, `Proxy:` and override headers, a type hidden in `Content-Type` or a charset like UTF-7, abusive ranges, `.bak`/`.sql`/`~` files, `%u` escapes, `_method=`, multipart names that parse two ways, `.php`/`.jsp` uploads, session ids in a link |
//! | scanners | `bot-scanner` | the CRS's list of scanners' user agents |
//!
//! Measured on a public corpus (BENCHMARKS.md, "The WAF on a public
//! corpus"): 72.1% of the Core Rule Set's 3,971 regression attacks
//! blocked, 0.6% of 3,971 benign requests.
//!
//! The first rule tripped answers `403 Forbidden` with the rule's id in the
//! body and in `x-waf-rule`, never the payload; the log line names the
//! rule and the part (`path`, `query`, `cookie`, `body`, `header <name>`).
//!
//! The plugin reads no configuration and no store, so it imports nothing
//! beyond `wasi:http` and what Rust's std imports: composed in front of an
//! app that needs no more, it runs on `wasmtime serve -S cli`.
//!
//! [`BodyPrefix`]: edge::plugin::BodyPrefix

mod decode;
mod inspect;
mod protocol;
mod read;
mod rules;

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
