use super::lists::{AI_ARTIFACTS, LFI_OS_FILES, RESTRICTED_FILES, path_in};
use crate::decode::segments::canonical;

/// `../`, `..\`, or a `..` segment at the end, in the path as a server
/// resolves it (`..;/` is `../`).
pub(super) fn traversal_dotdot(text: &str) -> bool {
    let text = canonical(text);
    text.contains("../")
        || text.contains("..\\")
        || text == ".."
        || text.ends_with("/..")
        || text.ends_with("\\..")
}

/// Files only an attacker asks for, in the path as a server resolves it
/// (`/etc//passwd` is `/etc/passwd`).
pub(super) fn traversal_file(text: &str) -> bool {
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
pub(super) fn traversal_nul(text: &str) -> bool {
    text.contains('\0')
}

/// An operating system's file (the Core Rule Set's list: `etc/passwd`,
/// `proc/self/environ`, `windows/win.ini`...), named where a path names it.
pub(super) fn lfi_os_file(text: &str) -> bool {
    // A shell's globs stand for the letter they hold: `/etc/pas[s]wd`.
    let unglobbed: String = text.chars().filter(|c| !matches!(c, '[' | ']')).collect();
    path_in(&canonical(&unglobbed), LFI_OS_FILES)
}

/// A file no site serves (the Core Rule Set's list: `.git/`, `.env`,
/// `wp-config.php`, `.htpasswd`...), in the path or an argument.
pub(super) fn lfi_restricted_file(text: &str) -> bool {
    path_in(&canonical(text), RESTRICTED_FILES)
}

/// The files AI coding tools keep in a project (the Core Rule Set's list:
/// `.claude/`, `.cursor/`, `.aider/`...), with their settings and keys,
/// in the path.
pub(super) fn lfi_ai_artifact(text: &str) -> bool {
    path_in(&canonical(text), AI_ARTIFACTS)
}
