//! [`Body`] as the router's body type.

use crate::{Body, BodyError, RouteBody};

impl RouteBody for Body {
    fn from_text(text: String) -> Self {
        text.into()
    }

    fn from_bytes(bytes: Vec<u8>) -> Self {
        bytes.into()
    }

    fn read_limited(self, limit: usize) -> Result<Vec<u8>, BodyError> {
        self.into_bytes_limited(limit).map(Vec::from)
    }

    fn len_hint(&self) -> Option<u64> {
        Body::len_hint(self)
    }
}
