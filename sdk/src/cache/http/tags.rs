//! [`Tags`]: surrogate keys an app gives a request's cached response.
//!
//! Layer 5 (the HTTP cache): imports nothing of the cache.

/// Tags (surrogate keys) for the response to a request, besides those the
/// origin names in its `Surrogate-Key` header. Insert them as a request
/// extension; [`HttpCache::purge_tag`](crate::cache::HttpCache::purge_tag) then
/// removes every entry with that tag at once.
///
/// ```
/// use edge::cache::Tags;
///
/// let mut req = edge::http::Request::get("https://api.example.com/users/7")
///     .body(edge::Body::empty())?;
/// req.extensions_mut().insert(Tags::new(["users", "user-7"]));
/// # Ok::<(), edge::http::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tags(Vec<String>);

impl Tags {
    /// These tags.
    pub fn new<I, S>(tags: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self(tags.into_iter().map(Into::into).collect())
    }

    /// The tags, in the order given.
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }
}
