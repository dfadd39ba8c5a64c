use crate::decode::entities::squeezed;

pub(super) fn xss_script(text: &str) -> bool {
    text.contains("<script") || text.contains("</script")
}

/// An event handler attribute, `onerror=` or ` onload =`, after a space,
/// quote or slash, in text that has a tag or a quote to break out with.
pub(super) fn xss_handler(text: &str) -> bool {
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
pub(super) fn xss_uri(text: &str) -> bool {
    let text = squeezed(text);
    ["javascript:", "vbscript:", "data:text/html"]
        .iter()
        .any(|scheme| text.contains(scheme))
}

pub(super) fn xss_tag(text: &str) -> bool {
    [
        "<iframe", "<object", "<embed", "<svg", "<math", "<base", "<meta", "<link",
    ]
    .iter()
    .any(|tag| text.contains(tag))
}

/// libinjection's verdict: the text (its first 4 KiB; the rules above read
/// all of it), parsed as HTML from each of the contexts an injection
/// starts in, opens a dangerous tag or attribute.
pub(super) fn xss_libinjection(text: &str) -> bool {
    libinjectionrs::detect_xss(super::sqli::libinjection_input(text)).is_injection()
}

/// A call of a JavaScript function an injected script makes to run or
/// show code: `eval(`, `setTimeout (`, `setInterval(`, `atob(`, and
/// `alert(`, `prompt(`, `confirm(` written as code (no blank before the
/// parenthesis: `confirm (yes)` is prose).
pub(super) fn xss_js_call(text: &str) -> bool {
    super::lists::words(text).any(|(at, word)| {
        let rest = &text[at + word.len()..];
        match word {
            "eval" | "settimeout" | "setinterval" | "atob" | "fromcharcode" => {
                rest.trim_start().starts_with('(')
            }
            "alert" | "prompt" | "confirm" => {
                rest.starts_with('(')
                    || rest.starts_with('`')
                    || rest.starts_with("?.(")
                    // `[].sort.call`${alert}1337``: a tagged template.
                    || (text[..at].trim_end().ends_with("${") && rest.trim_start().starts_with('}'))
            }
            _ => false,
        }
    })
}

/// A script reaching for what it steals or rewrites: `document.cookie`
/// (also `document["cookie"]`, `document?.cookie`), `document.domain`,
/// `document.write(`, `window.location`, the page's elements
/// (`document.body`, `.innerHTML=`).
pub(super) fn xss_dom(text: &str) -> bool {
    let squeezed: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '?' | '"' | '\'' | '[' | ']'))
        .collect();
    [
        "document.cookie",
        "documentcookie",
        "document.domain",
        "documentdomain",
        "document.write(",
        "window.location=",
        "document.location=",
        "location.href=",
        "window.location",
        "document.body",
        "document.createelement(",
        "document.queryselector",
        "document.getelementby",
        ".innerhtml=",
        ".outerhtml=",
        ".textcontent=",
    ]
    .iter()
    .any(|reach| squeezed.contains(reach))
}
