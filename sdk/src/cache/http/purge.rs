//! [`HttpCache::purge`] and [`HttpCache::purge_tag`]: removing what the
//! cache holds for a URL or a tag, and [`invalidate`], which an unsafe
//! method's success does too.
//!
//! Layer 5 (the HTTP cache): imports the cache's settings, the public
//! error, and layers 1 and 2.

use http::{Method, Uri};

use super::http_cache::HttpCache;
use crate::cache::encoding::keys;
use crate::cache::error::CacheError;
use crate::cache::storage::generations;
use crate::cache::storage::store::CacheStore;
use crate::kv::KvError;

impl HttpCache {
    /// Removes what is stored for `url` (`GET` and `HEAD`, every variant).
    ///
    /// ```no_run
    /// edge::cache::HttpCache::new().purge("https://api.example.com/menu")?;
    /// # Ok::<(), edge::cache::CacheError>(())
    /// ```
    pub fn purge(&self, url: &str) -> Result<(), CacheError> {
        let uri: Uri = url
            .parse()
            .map_err(|_| CacheError::InvalidUrl(url.to_owned()))?;
        invalidate(&self.store.require()?, &uri)?;
        Ok(())
    }

    /// Removes every entry tagged `tag`, by the origin's `Surrogate-Key`
    /// header or by the app's [`Tags`](crate::cache::Tags): one atomic
    /// increment, whatever the number of entries (they read as absent from
    /// then on, and their space is reclaimed as the ring comes round).
    ///
    /// ```no_run
    /// edge::cache::HttpCache::new().purge_tag("menu")?;
    /// # Ok::<(), edge::cache::CacheError>(())
    /// ```
    pub fn purge_tag(&self, tag: &str) -> Result<(), CacheError> {
        generations::purge_tag(&self.store.require()?, tag)?;
        Ok(())
    }
}

/// Removes what is stored for `uri`, `GET` and `HEAD` (a Vary marker with
/// it, which makes its variants unreachable).
pub(super) fn invalidate(store: &CacheStore, uri: &Uri) -> Result<(), KvError> {
    let for_get = keys::primary(&Method::GET, uri);
    let for_head = keys::primary(&Method::HEAD, uri);
    store.kv().delete_many(&[&for_get, &for_head])
}
