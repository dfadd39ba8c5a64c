//! [`Body`] as the router's body type.

use crate::{Body, BodyError, Error, RouteBody};

impl RouteBody for Body {
    fn from_text(text: String) -> Self {
        text.into()
    }

    fn from_bytes(bytes: Vec<u8>) -> Self {
        bytes.into()
    }

    fn read_limited(self, limit: usize) -> Result<Vec<u8>, Error> {
        match self.into_bytes_limited(limit) {
            Ok(bytes) => Ok(bytes.into()),
            Err(BodyError::TooLarge { limit }) => Err(edge_router::too_large(limit)),
            Err(e) => Err(Error::from(e)),
        }
    }

    fn len_hint(&self) -> Option<u64> {
        Body::len_hint(self)
    }
}
