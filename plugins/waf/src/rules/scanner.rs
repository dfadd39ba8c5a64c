use super::lists::{SCANNER_USER_AGENTS, holds_any};

/// The user agents of vulnerability scanners and attack tools (the Core
/// Rule Set's list: sqlmap, nikto, nuclei...).
pub(super) fn bot_scanner(text: &str) -> bool {
    holds_any(text, SCANNER_USER_AGENTS)
}
