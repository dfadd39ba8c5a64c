//! Times as the cache's records hold them: milliseconds since the Unix
//! epoch.
//!
//! Layer 1 (keys and encoding): imports nothing of the cache.

use std::time::SystemTime;

/// Milliseconds since the Unix epoch, by the host's wall clock.
pub(crate) fn now_ms() -> u64 {
    to_ms(SystemTime::now())
}

/// `time` in milliseconds since the Unix epoch (0 before it, `u64::MAX`
/// past what that holds).
pub(crate) fn to_ms(time: SystemTime) -> u64 {
    time.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}
