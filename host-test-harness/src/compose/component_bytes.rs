//! [`ComponentBytes`]: the bytes a host loads, with a name for messages.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;

/// A component held in memory, as the host will load it, and a name that
/// says where it came from (a file, or an app with plugins composed in
/// front of it).
///
/// A composition stays in memory from [`compose`](super::compose) to the
/// compiler: no file stands between the bytes that were made and the bytes
/// that run, so nothing another user can write (a shared temporary folder)
/// can swap them.
#[derive(Clone, Debug)]
pub struct ComponentBytes {
    bytes: Arc<[u8]>,
    name: String,
}

impl ComponentBytes {
    /// Reads the component file at `path`, once.
    ///
    /// # Errors
    ///
    /// When the file cannot be read; the error names it.
    pub fn read(path: &Path) -> anyhow::Result<Self> {
        let bytes = std::fs::read(path)
            .with_context(|| format!("cannot read the component {}", path.display()))?;
        Ok(Self::new(bytes, path.display().to_string()))
    }

    /// `bytes`, named `name` in messages.
    pub fn new(bytes: impl Into<Arc<[u8]>>, name: impl Into<String>) -> Self {
        Self {
            bytes: bytes.into(),
            name: name.into(),
        }
    }

    /// The component's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Where the bytes came from, for messages.
    pub fn name(&self) -> &str {
        &self.name
    }
}
