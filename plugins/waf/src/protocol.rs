//! Rules over the request as an HTTP message rather than over its text:
//! its method, its headers, its content type, how its multipart body is
//! framed, and the names of its arguments. Each is one the Core Rule Set
//! blocks at its first paranoia level, as a request no browser or
//! ordinary client sends.

use edge::http::header::{CONTENT_TYPE, RANGE, REFERER};
use edge::http::{HeaderMap, Method};
use edge::plugin::{BodyPrefix, RequestHead};

use crate::read::disposition_params;

/// The methods an app may be sent; others (`TRACE`, `TRACK`, `CONNECT`,
/// `DEBUG`, made-up ones) are refused.
const METHODS: [Method; 7] = [
    Method::GET,
    Method::HEAD,
    Method::POST,
    Method::PUT,
    Method::DELETE,
    Method::PATCH,
    Method::OPTIONS,
];

/// Headers no client needs to send and attacks use: `Proxy` (httpoxy),
/// method overrides, WebDAV's `Lock-Token` and `If`, `Content-Range` on
/// a request, Next.js's internal `x-middleware-subrequest`.
const RESTRICTED_HEADERS: [&str; 9] = [
    "proxy",
    "lock-token",
    "content-range",
    "if",
    "x-http-method-override",
    "x-http-method",
    "x-method-override",
    "x-middleware-subrequest",
    "request-range",
];

/// The charsets a request body may be in.
const CHARSETS: [&str; 6] = [
    "utf-8",
    "utf8",
    "iso-8859-1",
    "iso-8859-15",
    "windows-1252",
    "us-ascii",
];

/// File extensions of what no site serves: sources, backups, settings,
/// databases, logs (the Core Rule Set's default list, in part).
const RESTRICTED_EXTENSIONS: [&str; 31] = [
    "asa", "asax", "ascx", "backup", "bak", "bat", "cer", "cfg", "cmd", "config", "conf", "cs",
    "csproj", "dat", "db", "dbf", "dll", "inc", "ini", "key", "log", "mdb", "old", "pass", "pdb",
    "pwd", "sql", "swp", "sys", "vbs", "vbproj",
];

/// Argument names that carry a session id: a link that sets one fixes
/// the victim's session to the attacker's.
const SESSION_NAMES: [&str; 17] = [
    "__secure-next-auth.session-token",
    "_flask_session",
    "_session_id",
    "ci_session",
    "connect.sid",
    "laravel_session",
    "next-auth.session-token",
    "jsessionid",
    "aspsessionid",
    "asp.net_sessionid",
    "phpsessid",
    "phpsession",
    "session_id",
    "session-id",
    "cfid",
    "cftoken",
    "weblogicsession",
];

/// The first protocol rule `req` (with the first bytes of its `body`)
/// trips, with where.
pub(crate) fn protocol_trip(
    req: &RequestHead,
    body: &BodyPrefix,
) -> Option<(&'static str, String)> {
    let headers = req.headers();
    if !METHODS.contains(req.method()) {
        return Some(("protocol-method", "method".to_owned()));
    }
    if let Some(name) = headers
        .keys()
        .find(|name| RESTRICTED_HEADERS.contains(&name.as_str()))
    {
        return Some(("protocol-restricted-header", format!("header {name}")));
    }
    if let Some(place) = content_type_trip(headers) {
        return Some(("protocol-content-type", place));
    }
    if range_abuse(headers) {
        return Some(("protocol-range", "header range".to_owned()));
    }
    let path = req.uri().path();
    if restricted_extension(path) {
        return Some(("protocol-restricted-extension", "path".to_owned()));
    }
    if path.contains("%u") || req.uri().query().is_some_and(|q| q.contains("%u")) {
        return Some(("protocol-unicode-escape", "path".to_owned()));
    }
    let query = req.uri().query().unwrap_or("");
    if let Some(rule) = argument_name_trip(query, headers) {
        return Some((rule, "query".to_owned()));
    }
    if multipart_trip(headers, body.bytes()) {
        return Some(("protocol-multipart", "body".to_owned()));
    }
    None
}

/// A `Content-Type` that hides another type in a parameter
/// (`application/x-www-form-urlencoded;boundary="application/json"`), or
/// names a charset other than [`CHARSETS`] (`utf-7` smuggles `<` as
/// `+ADw-`).
fn content_type_trip(headers: &HeaderMap) -> Option<String> {
    let value = headers
        .get(CONTENT_TYPE)?
        .to_str()
        .ok()?
        .to_ascii_lowercase();
    let mut params = value.split(';');
    let essence = params.next().unwrap_or("").trim();
    let bad = params.any(|param| {
        let (name, value) = param.split_once('=').unwrap_or((param, ""));
        let (name, value) = (name.trim(), value.trim().trim_matches('"'));
        (name == "charset" && !CHARSETS.contains(&value))
            || (name == "boundary" && !essence.starts_with("multipart/"))
            || (name != "boundary" && value.contains('/'))
    });
    bad.then(|| "header content-type".to_owned())
}

/// A `Range` of more than 5 pieces, or of a piece that ends before it
/// starts: what servers have been crashed and made to leak with.
fn range_abuse(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(RANGE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let Some(ranges) = value.trim().strip_prefix("bytes=") else {
        return false;
    };
    let pieces: Vec<&str> = ranges.split(',').collect();
    pieces.len() > 5
        || pieces.iter().any(|piece| {
            let (start, end) = piece.trim().split_once('-').unwrap_or(("", ""));
            matches!((start.parse::<u64>(), end.parse::<u64>()), (Ok(s), Ok(e)) if e < s)
        })
}

/// A path to a file of a [`RESTRICTED_EXTENSIONS`] kind, or to an
/// editor's backup (`index.php~`).
fn restricted_extension(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    name.ends_with('~')
        || name.rsplit_once('.').is_some_and(|(stem, extension)| {
            !stem.is_empty() && RESTRICTED_EXTENSIONS.contains(&extension)
        })
}

/// The query's argument names: a method override (`_method=DELETE`,
/// which some frameworks obey from a link) or a session id with no
/// `Referer` from this site ([`SESSION_NAMES`]).
fn argument_name_trip(query: &str, headers: &HeaderMap) -> Option<&'static str> {
    let names = query
        .split('&')
        .map(|pair| pair.split('=').next().unwrap_or(pair).to_ascii_lowercase());
    let host = headers
        .get("host")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let from_here = headers
        .get(REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|referer| referer.split("://").nth(1))
        .and_then(|rest| rest.split(['/', '?']).next())
        .is_some_and(|authority| !host.is_empty() && authority.eq_ignore_ascii_case(host));
    for name in names {
        if name == "_method" {
            return Some("protocol-method-override");
        }
        let session = SESSION_NAMES.contains(&name.as_str())
            || [
                "_session",
                ".session",
                "sessionid",
                "sessid",
                "login_token",
                "session_token",
            ]
            .iter()
            .any(|end| name.ends_with(end));
        if session && !from_here {
            return Some("session-fixation-name");
        }
    }
    None
}

/// A multipart body whose part headers name a part or file with
/// characters that split it differently for different parsers (`'`, `"`,
/// `;`, `=`), a file a server would run ([`risky_upload`]; also in an
/// `X-Filename` header), or a charset other than [`CHARSETS`].
fn multipart_trip(headers: &HeaderMap, body: &[u8]) -> bool {
    let is_multipart = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/"));
    let upload_names = ["x-filename", "x_filename", "x-file-name"]
        .iter()
        .filter_map(|name| headers.get(*name)?.to_str().ok());
    if upload_names.into_iter().any(risky_upload) {
        return true;
    }
    if !is_multipart {
        return false;
    }
    let text = String::from_utf8_lossy(body).to_ascii_lowercase();
    text.lines().any(|line| {
        let line = line.trim();
        if line.starts_with("content-disposition:") {
            disposition_params(line).into_iter().any(|(param, value)| {
                (matches!(param.as_str(), "name" | "filename")
                    && value.contains(['\'', '"', ';', '=']))
                    || (param == "filename" && risky_upload(&value))
            })
        } else if line.starts_with("content-type:") {
            line.split(';').any(|param| {
                param
                    .trim()
                    .strip_prefix("charset=")
                    .is_some_and(|charset| !CHARSETS.contains(&charset.trim().trim_matches('"')))
            })
        } else {
            false
        }
    })
}

/// A file name a server would run or trust if uploaded: PHP (`.php`,
/// `.phtml`, `.phar`...), JSP and ASP pages, `.htaccess`, `.user.ini`,
/// a PHP session file (`sess_...`).
fn risky_upload(name: &str) -> bool {
    // Windows drops trailing dots and blanks: `a.php..` is `a.php`.
    let name = name
        .trim()
        .trim_end_matches(['.', ' '])
        .to_ascii_lowercase();
    let base = name.rsplit(['/', '\\']).next().unwrap_or(&name);
    const EXTENSIONS: [&str; 18] = [
        ".php", ".phtml", ".phar", ".pht", ".phps", ".php3", ".php4", ".php5", ".php7", ".php8",
        ".jsp", ".jspx", ".jspf", ".asp", ".aspx", ".ashx", ".asmx", ".cer",
    ];
    EXTENSIONS.iter().any(|extension| base.ends_with(extension))
        || matches!(base, ".htaccess" | ".user.ini" | "web.config")
        || base.starts_with("sess_")
}
