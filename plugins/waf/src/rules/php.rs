//! PHP injection: code, variables and streams a PHP app would run or open.

use super::lists::{PHP_FUNCTIONS, PHP_VARIABLES, holds_any, words};

/// A PHP open tag: `<?php`, `<?=`, `<? ` (not `<?xml`), or a template's
/// `[php]`, `[/php]`, `{php}`.
pub(super) fn php_open_tag(text: &str) -> bool {
    ["<?php", "[php]", "[/php]", "[\\php]", "{php}", "{/php}"]
        .iter()
        .any(|tag| text.contains(tag))
        || text.match_indices("<?").any(|(at, _)| {
            let rest = &text[at + 2..];
            rest.starts_with('=') || rest.starts_with(' ') || rest.is_empty()
        })
}

/// PHP functions that run code or commands, read files or decode hidden
/// payloads, beyond the Core Rule Set's high-risk list.
const CALLS: [&str; 24] = [
    "assert",
    "call_user_func",
    "call_user_func_array",
    "create_function",
    "eval",
    "exec",
    "fsockopen",
    "gzinflate",
    "highlight_file",
    "include",
    "include_once",
    "passthru",
    "pcntl_exec",
    "phpinfo",
    "popen",
    "preg_replace",
    "proc_open",
    "readfile",
    "require",
    "require_once",
    "shell_exec",
    "show_source",
    "str_rot13",
    "system",
];

/// A call of a high-risk PHP function (the Core Rule Set's list and
/// [`CALLS`]: `base64_decode`, `shell_exec`, `eval`...): its name, then
/// `(` after blanks or comments.
pub(super) fn php_function(text: &str) -> bool {
    words(text).any(|(at, word)| {
        named_risky_function(word) && {
            let rest = text[at + word.len()..].trim_start();
            // A comment between the name and `(`: a short one, looked for
            // no further than 64 bytes.
            let rest = match rest.strip_prefix("/*") {
                Some(comment) => comment
                    .as_bytes()
                    .windows(2)
                    .take(64)
                    .position(|pair| pair == b"*/")
                    .map_or("", |close| comment[close + 2..].trim_start()),
                None => rest,
            };
            rest.starts_with('(')
        }
    }) || {
        // A call of a string or an expression: `("sys"."tem")('id')`,
        // `(string)"system"('id')`, `{[system][0]}('id')`.
        let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        [")('", ")(\"", ")($", "\"('", "\"(\"", "}('", "}(\""]
            .iter()
            .any(|call| squeezed.contains(call))
            || words(&squeezed).any(|(at, word)| {
                // `(system)(...)`, `"system"(...)`: a function named in
                // parentheses or quotes, then called.
                let (before, after) = (&squeezed[..at], &squeezed[at + word.len()..]);
                (CALLS.contains(&word) || PHP_FUNCTIONS.binary_search(&word).is_ok())
                    && [("(", ")("), ("\"", "\"("), ("'", "'(")]
                        .iter()
                        .any(|(open, close)| before.ends_with(open) && after.starts_with(close))
            })
    }
}

/// Whether `word` names a risky function: one of [`CALLS`] or of the Core
/// Rule Set's list, or ends with one of its longer names (`FOOfsockopen`,
/// which some parsers split).
fn named_risky_function(word: &str) -> bool {
    PHP_FUNCTIONS.binary_search(&word).is_ok()
        || CALLS.contains(&word)
        || PHP_FUNCTIONS
            .iter()
            .any(|name| name.len() >= 8 && word.len() > name.len() && word.ends_with(name))
}

/// A variable variable: `${'name'}`, `$ {$a}`, which reads (or calls)
/// whatever variable a string names.
pub(super) fn php_variable_variable(text: &str) -> bool {
    text.match_indices('$').any(|(at, _)| {
        text[at + 1..]
            .trim_start()
            .strip_prefix('{')
            .is_some_and(|inside| inside.trim_start().starts_with(['\'', '"', '$']))
    })
}

/// PHP's superglobals (`$_GET`, `$_SERVER`, `$GLOBALS`...).
pub(super) fn php_variable(text: &str) -> bool {
    text.contains('$') && holds_any(text, PHP_VARIABLES)
}

/// PHP's stream wrappers, which open files, archives and code:
/// `php://filter`, `phar://`, `expect://`...
pub(super) fn php_wrapper(text: &str) -> bool {
    const WRAPPERS: [&str; 10] = [
        "php://",
        "phar://",
        "zlib://",
        "compress.zlib://",
        "compress.bzip2://",
        "glob://",
        "expect://",
        "zip://",
        "rar://",
        "ogg://",
    ];
    WRAPPERS.iter().any(|wrapper| text.contains(wrapper))
}

/// A serialized PHP object (`O:8:"stdClass":1:{`), which `unserialize`
/// turns into any class the app has.
pub(super) fn php_serialized(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices(':').any(|(at, _)| {
        at > 0
            && matches!(bytes[at - 1], b'o' | b'c')
            && (at < 2 || !bytes[at - 2].is_ascii_alphanumeric())
            && {
                let rest = &text[at + 1..];
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                digits > 0 && rest[digits..].starts_with(":\"")
            }
    })
}

/// A PHP setting an injection turns on or off: `allow_url_include=`,
/// `auto_prepend_file=`...
pub(super) fn php_setting(text: &str) -> bool {
    const SETTINGS: [&str; 9] = [
        "allow_url_include",
        "allow_url_fopen",
        "auto_prepend_file",
        "auto_append_file",
        "disable_functions",
        "open_basedir",
        "safe_mode",
        "register_globals",
        "suhosin.",
    ];
    SETTINGS.iter().any(|setting| {
        text.match_indices(setting).any(|(at, _)| {
            text[at + setting.len()..]
                .trim_start()
                .starts_with(['=', '.'])
        })
    })
}

/// A call through a variable: `$f(`, `${'sys'.'tem'}(`, `$__['o'](`.
pub(super) fn php_variable_call(text: &str) -> bool {
    text.match_indices('$').any(|(at, _)| {
        let rest = &text[at + 1..];
        let starts_name = rest
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_');
        let mut rest = if starts_name {
            let name = rest
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                .count();
            &rest[name..]
        } else if let Some(braced) = rest.strip_prefix('{') {
            braced.split_once('}').map_or("", |(_, after)| after)
        } else {
            return false;
        };
        while let Some(index) = rest.trim_start().strip_prefix('[') {
            rest = index.split_once(']').map_or("", |(_, after)| after);
        }
        rest.trim_start().starts_with('(')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn php_code_is_found_and_prose_is_not() {
        assert!(php_open_tag("<?php system('id'); ?>"));
        assert!(php_open_tag("<?= 1 ?>"));
        assert!(!php_open_tag("<?xml version=\"1.0\"?>"));
        assert!(php_function("x=shell_exec ('id')"));
        assert!(php_function("base64_decode/**/('aWQ=')"));
        assert!(!php_function("the system works"));
        assert!(php_variable("${$_get[x]}"));
        assert!(php_wrapper(
            "php://filter/convert.base64-encode/resource=index"
        ));
        assert!(php_serialized("o:8:\"stdclass\":1:{s:1:\"a\";}"));
        assert!(!php_serialized("info:\"x\""));
        assert!(php_setting("allow_url_include=on"));
        assert!(php_variable_call("$a($b)"));
        assert!(php_variable_call("${'sys'.'tem'}('id')"));
        assert!(!php_variable_call("costs $5 (each)"));
    }
}
