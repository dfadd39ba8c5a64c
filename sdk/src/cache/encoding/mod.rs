//! Layer 1 of the cache: keys and encoding. Where the cache keeps things
//! in the key-value store and the bytes it writes there: key names, the
//! hash they are made with, the record formats and their codec, times as
//! records hold them. No store call; nothing here imports another layer.

pub(super) mod codec;
pub(super) mod hash;
pub(super) mod head;
pub(super) mod keys;
pub(super) mod slot;
pub(super) mod time;
pub(super) mod vary_values;
