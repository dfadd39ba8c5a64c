//! [`BodyPrefix`]: the first bytes of a request body, which a plugin that
//! reads bodies sees before it decides.

use bytes::Bytes;

/// The first bytes of a request's body, up to [`BodyPrefix::LIMIT`], for a
/// plugin that reads bodies (`fn(&RequestHead, &BodyPrefix) -> Decision`).
/// A plugin that passes the request hands the whole body on, these bytes
/// and the rest, streamed as they arrive: the app reads the body it would
/// have read without the plugin.
///
/// Bodies are read over WASI 0.3 alone: `wasi:http` 0.2 has no way to
/// hand a body on once read, so a plugin built for 0.2 sees every body
/// [unread](BodyPrefix::is_unread) (empty), and the request goes on with
/// its body untouched.
///
/// ```
/// use edge::plugin::BodyPrefix;
///
/// let whole = BodyPrefix::new("name=ada", true);
/// assert_eq!(whole.bytes(), b"name=ada");
/// assert!(whole.is_complete());
///
/// let cut = BodyPrefix::new(vec![b'x'; BodyPrefix::LIMIT], false);
/// assert!(!cut.is_complete() && !cut.is_unread());
///
/// assert!(BodyPrefix::unread().is_unread());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyPrefix {
    bytes: Bytes,
    state: State,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Complete,
    Cut,
    Unread,
}

impl BodyPrefix {
    /// The most bytes of a body a plugin sees: 64 KiB. A body longer than
    /// this is seen up to here, and passed on whole.
    pub const LIMIT: usize = 64 * 1024;

    /// A prefix of `bytes`, `complete` if they are the whole body. For a
    /// plugin's unit tests; the SDK makes them for a component.
    pub fn new(bytes: impl Into<Bytes>, complete: bool) -> Self {
        Self {
            bytes: bytes.into(),
            state: if complete {
                State::Complete
            } else {
                State::Cut
            },
        }
    }

    /// The prefix of a body that was not read (a plugin built for WASI
    /// 0.2): no bytes, neither complete nor cut.
    pub fn unread() -> Self {
        Self {
            bytes: Bytes::new(),
            state: State::Unread,
        }
    }

    /// The bytes read: the whole body if [`is_complete`](Self::is_complete).
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Whether the bytes are the whole body (an empty body is complete). A
    /// body cut short, say by a client that went away before sending all
    /// of it, is not: its bytes end early, not where the body ends.
    pub fn is_complete(&self) -> bool {
        self.state == State::Complete
    }

    /// Whether the body was not read at all: on WASI 0.2, where a plugin
    /// cannot pass on a body it has read.
    pub fn is_unread(&self) -> bool {
        self.state == State::Unread
    }
}

impl std::ops::Deref for BodyPrefix {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.bytes
    }
}
