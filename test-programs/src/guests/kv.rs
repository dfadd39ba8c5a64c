//! The key-value and configuration calls.

pub(crate) fn count() -> edge::Result<edge::Response> {
    let n = edge::kv::Store::open_default()?.increment("count", 1)?;
    Ok(edge::Response::new(n.to_string().into()))
}

/// `?n=N`: writes key `kN` = `N`, answering only once the store has it:
/// the crash probe checks that every acknowledged key survives.
pub(crate) fn put(req: &edge::Request) -> edge::Result<edge::Response> {
    let n: u64 = super::query::param(req, "n")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| edge::Error::new(edge::http::StatusCode::BAD_REQUEST, "pass ?n=<number>"))?;
    edge::kv::Store::open_default()?.set(&format!("k{n}"), n.to_string().as_bytes())?;
    Ok(edge::Response::new(format!("stored k{n}").into()))
}

/// `?n=N`: reads `k0` N times, one call each; answers how many found it.
pub(crate) fn gets(req: &edge::Request) -> edge::Result<edge::Response> {
    let n = super::query::number(req, "n", 1);
    let store = edge::kv::Store::open_default()?;
    let mut found = 0;
    for _ in 0..n {
        found += usize::from(store.get("k0")?.is_some());
    }
    Ok(edge::Response::new(format!("found {found}").into()))
}

/// Walks every key of the default store; answers how many.
pub(crate) fn list() -> edge::Result<edge::Response> {
    let keys = edge::kv::Store::open_default()?.keys_with_prefix("")?;
    Ok(edge::Response::new(format!("listed {}", keys.len()).into()))
}

/// Exercises the batch and existence calls, and reports what it saw.
pub(crate) fn batch() -> edge::Result<edge::Response> {
    let store = edge::kv::Store::open_default()?;
    store.set_many(&[("a", b"1"), ("b", b"2")])?;
    let found = store.get_many(&["a", "missing", "b"])?;
    let shown: Vec<String> = found
        .iter()
        .map(|v| {
            v.as_deref()
                .map_or("-".to_owned(), |v| String::from_utf8_lossy(v).into_owned())
        })
        .collect();
    let before = store.exists("a")?;
    store.delete("a")?;
    let after = store.exists("a")?;
    let text = format!(
        "get_many={} exists_before={before} exists_after={after}",
        shown.join(",")
    );
    Ok(edge::Response::new(text.into()))
}

/// Opens the store `?store=`, writes its name at `owner`, reads it back.
pub(crate) fn named(req: &edge::Request) -> edge::Result<edge::Response> {
    let raw = super::query::required(req, "store")?;
    let name = percent_decoded(raw);
    let store = match edge::kv::Store::open(&name) {
        Ok(store) => store,
        Err(e) => return Ok(edge::Response::new(format!("{name}: {e}").into())),
    };
    store.set("owner", name.as_bytes())?;
    let owner = store.get("owner")?.unwrap_or_default();
    let text = format!("{name}: owner={}", String::from_utf8_lossy(&owner));
    Ok(edge::Response::new(text.into()))
}

/// `%XX` escapes decoded (bytes that are not UTF-8 replaced).
fn percent_decoded(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| raw.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Opens a store the host was not told about.
pub(crate) fn unknown_store() -> edge::Result<edge::Response> {
    match edge::kv::Store::open("nope") {
        Ok(_) => Ok(edge::Response::new("opened".into())),
        Err(e) => Ok(edge::Response::new(e.to_string().into())),
    }
}

/// Every configuration value, sorted, one `key=value` per line.
pub(crate) fn config() -> edge::Result<edge::Response> {
    let mut all = edge::config::get_all()?;
    all.sort();
    let lines: Vec<String> = all.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
    Ok(edge::Response::new(lines.join("\n").into()))
}
