//! The Core Rule Set's word lists (`data/crs/`, sorted by `build.rs`) and
//! the three ways the rules search them.

include!(concat!(env!("OUT_DIR"), "/crs_lists.rs"));

/// Whether `text` holds an entry of `list` anywhere.
pub(super) fn holds_any(text: &str, list: &[&str]) -> bool {
    list.iter().any(|entry| text.contains(entry))
}

/// The bytes of a word: letters, digits, `_` and `-`.
fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-'
}

/// The words of `text`: runs of letters, digits, `_` and `-`, each with
/// the byte offset it starts at.
pub(super) fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() && !is_word_byte(bytes[at]) {
            at += 1;
        }
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        while at < bytes.len() && is_word_byte(bytes[at]) {
            at += 1;
        }
        Some((start, &text[start..at]))
    })
}

/// The first `bytes` of `text` (fewer, to end on a character): how far a
/// rule looks ahead, so that its time stays linear in the text.
pub(super) fn window(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Whether a word of `text` is an entry of the sorted `list`.
pub(super) fn word_in(text: &str, list: &[&str]) -> bool {
    words(text).any(|(_, word)| list.binary_search(&word).is_ok())
}

/// The bytes a file name may hold in a path.
fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'-' | b'~' | b'$' | b'{' | b'}')
}

/// The longest entry [`path_in`] looks for, in bytes.
const LONGEST_PATH: usize = 80;

/// Whether `text` names a file of the sorted `list` (`etc/passwd`,
/// `.git/`, `windows/win.ini`) starting where a name starts (at the
/// start, or after a byte no name holds, such as `/`) and ending where
/// one ends: `/etc/passwd`, `..\windows\win.ini` and `etc/passwd%00.png`
/// do; `/etc/passwdx` and `robin/catalog` (for `bin/cat`) do not.
pub(super) fn path_in(text: &str, list: &[&str]) -> bool {
    let text = text.replace('\\', "/");
    let bytes = text.as_bytes();
    // Bytes, not `str` slices: a start after a multi-byte character's
    // lead byte would not be a character boundary.
    let find = |slice: &[u8]| {
        list.binary_search_by(|entry| entry.as_bytes().cmp(slice))
            .is_ok()
    };
    (0..bytes.len())
        .filter(|&start| start == 0 || !is_name_byte(bytes[start - 1]))
        .any(|start| {
            let stop = bytes.len().min(start + LONGEST_PATH);
            let mut end = start;
            loop {
                while end < stop && is_name_byte(bytes[end]) {
                    end += 1;
                }
                // No entry starts so: no longer text will be one either.
                let prefix = &bytes[start..end];
                let first = list.partition_point(|entry| entry.as_bytes() < prefix);
                if !list
                    .get(first)
                    .is_some_and(|entry| entry.as_bytes().starts_with(prefix))
                {
                    return false;
                }
                if end > start {
                    let with_slash = bytes.get(end) == Some(&b'/');
                    if find(&bytes[start..end]) || (with_slash && find(&bytes[start..=end])) {
                        return true;
                    }
                }
                if end < stop && bytes[end] == b'/' {
                    end += 1;
                } else {
                    return false;
                }
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_lower_case_and_without_blanks() {
        for list in [
            JAVA_CLASSES,
            LFI_OS_FILES,
            PHP_FUNCTIONS,
            PHP_VARIABLES,
            RESTRICTED_FILES,
            SCANNER_USER_AGENTS,
            SSRF_TARGETS,
            UNIX_SHELL,
            UNIX_COMMANDS,
            POWERSHELL_COMMANDS,
        ] {
            assert!(list.len() > 10);
            assert!(list.windows(2).all(|pair| pair[0] < pair[1]));
            assert!(
                list.iter()
                    .all(|e| !e.is_empty() && *e == e.to_ascii_lowercase())
            );
        }
        assert!(UNIX_COMMANDS.binary_search(&"cat").is_ok());
    }

    #[test]
    fn paths_match_at_name_boundaries() {
        let list = ["bin/cat", "etc/passwd", ".git/", "windows/win.ini"];
        let mut sorted = list;
        sorted.sort_unstable();
        for (text, expected) in [
            ("/etc/passwd", true),
            ("../../etc/passwd\0.png", true),
            ("etc/passwd", true),
            ("..\\windows\\win.ini", true),
            ("/app/.git/config", true),
            ("/usr/bin/cat", true),
            ("/etc/passwdx", false),
            ("robin/catalog", false),
            ("/app/x.git/config", false),
            ("netc/passwd", false),
            // A start right after a multi-byte character's first byte.
            ("avenida blasco ibañez, s/n, 6ºd", false),
            ("ñ/etc/passwd", true),
        ] {
            assert_eq!(path_in(text, &sorted), expected, "{text}");
        }
    }

    #[test]
    fn words_are_runs_of_word_bytes() {
        let found: Vec<_> = words("get-childitem|base64_decode( x").collect();
        assert_eq!(
            found,
            [(0, "get-childitem"), (14, "base64_decode"), (29, "x")]
        );
        assert!(word_in("a system(1)", &["exec", "system"]));
        assert!(!word_in("ecosystem", &["system"]));
    }
}
