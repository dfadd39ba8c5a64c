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

/// The URIs an unsafe method's answer names in `Location` and
/// `Content-Location` that share `request`'s origin (scheme and host), to
/// invalidate with it (RFC 9111 §4.4): an absolute URI of that origin, or
/// an absolute path. Other origins' URIs are left alone (a response must
/// not empty another origin's entries), and so are relative references
/// without a leading `/`.
pub(super) fn same_origin_targets(request: &Uri, response: &http::HeaderMap) -> Vec<Uri> {
    [http::header::LOCATION, http::header::CONTENT_LOCATION]
        .iter()
        .filter_map(|name| response.get(name)?.to_str().ok())
        .filter_map(|value| {
            let named: Uri = value.trim().parse().ok()?;
            match (named.scheme(), named.authority()) {
                (Some(scheme), Some(authority)) => (Some(scheme) == request.scheme()
                    && Some(authority) == request.authority())
                .then_some(named),
                (None, None) if value.trim().starts_with('/') => {
                    let mut parts = request.clone().into_parts();
                    parts.path_and_query = named.path_and_query().cloned();
                    Uri::from_parts(parts).ok()
                }
                _ => None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_targets_of_the_same_origin_are_named() {
        let request: Uri = "https://shop.example/cart".parse().expect("a URI");
        let mut headers = http::HeaderMap::new();
        headers.insert("location", "/orders/7?x=1".parse().expect("a value"));
        headers.insert(
            "content-location",
            "https://other.example/orders/7".parse().expect("a value"),
        );
        let named = same_origin_targets(&request, &headers);
        assert_eq!(named, ["https://shop.example/orders/7?x=1"]);
        headers.insert(
            "content-location",
            "https://shop.example/receipt".parse().expect("a value"),
        );
        headers.insert("location", "relative/path".parse().expect("a value"));
        let named = same_origin_targets(&request, &headers);
        assert_eq!(named, ["https://shop.example/receipt"]);
    }
}
