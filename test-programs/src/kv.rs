//! Counts in the default key-value store.

pub(crate) fn count() -> edge::Result<edge::Response> {
    let n = edge::kv::Store::open_default()?.increment("count", 1)?;
    Ok(edge::Response::new(n.to_string().into()))
}
