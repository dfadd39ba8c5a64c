//! Route paths: Express syntax (`/users/:id`, `/files/*path`) to matchit's.

use std::fmt::Write as _;

/// Converts an Express-style route to matchit's syntax, checking it.
///
/// `:name` captures one segment, `*name` the rest of the path (last segment
/// only); `{name}` and `{*name}` are accepted as they are.
pub(crate) fn to_matchit(path: &str) -> Result<String, String> {
    if !path.starts_with('/') {
        return Err("a route starts with '/'".into());
    }
    let segments: Vec<&str> = path[1..].split('/').collect();
    let mut pattern = String::with_capacity(path.len() + 4);
    for (i, segment) in segments.iter().enumerate() {
        pattern.push('/');
        if let Some(name) = segment.strip_prefix(':') {
            check_name(name, segment)?;
            let _ = write!(pattern, "{{{name}}}");
        } else if let Some(name) = segment.strip_prefix('*') {
            check_name(name, segment)?;
            if i + 1 != segments.len() {
                return Err(format!(
                    "the catch-all `{segment}` must be the last segment"
                ));
            }
            let _ = write!(pattern, "{{*{name}}}");
        } else {
            pattern.push_str(segment);
        }
    }
    Ok(pattern)
}

/// A matchit pattern (or a message quoting one) in the Express syntax users
/// write: `{id}` as `:id`, `{*rest}` as `*rest`.
pub(crate) fn from_matchit(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &rest[open + 1..open + close];
        if name.starts_with('*') {
            out.push_str(name);
        } else {
            out.push(':');
            out.push_str(name);
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

fn check_name(name: &str, segment: &str) -> Result<(), String> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!(
            "`{segment}` needs a parameter name of letters, digits or `_`, like `:id`"
        ));
    }
    Ok(())
}

/// A prefix as given to `mount` and `use_at`, without a trailing slash.
pub(crate) fn normalize_prefix(prefix: &str) -> Result<String, String> {
    if !prefix.starts_with('/') {
        return Err("a prefix starts with '/'".into());
    }
    if prefix.contains([':', '*', '{']) {
        return Err("a prefix is a plain path, without parameters".into());
    }
    Ok(prefix.trim_end_matches('/').to_owned())
}

/// Whether `path` is under `prefix` (a normalized prefix), segment-wise:
/// `/api` covers `/api` and `/api/x`, not `/apix`.
pub(crate) fn is_under(path: &str, prefix: &str) -> bool {
    prefix.is_empty()
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Joins a mount prefix and a route of the mounted router.
pub(crate) fn join(prefix: &str, path: &str) -> String {
    if path == "/" && !prefix.is_empty() {
        prefix.to_owned()
    } else {
        format!("{prefix}{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaks_express_back() {
        assert_eq!(
            from_matchit("/users/{id}/files/{*path}"),
            "/users/:id/files/*path"
        );
        assert_eq!(from_matchit("no params"), "no params");
        assert_eq!(from_matchit("/broken/{id"), "/broken/{id");
    }

    #[test]
    fn converts_express_routes() {
        let table = [
            ("/", "/"),
            ("/users/:id", "/users/{id}"),
            ("/users/:id/posts/:post_id", "/users/{id}/posts/{post_id}"),
            ("/files/*path", "/files/{*path}"),
            ("/users/{id}", "/users/{id}"),
        ];
        for (route, expected) in table {
            assert_eq!(to_matchit(route).as_deref(), Ok(expected), "{route}");
        }
    }

    #[test]
    fn rejects_bad_routes_with_the_reason() {
        let table = [
            ("users", "a route starts with '/'"),
            (
                "/users/:",
                "`:` needs a parameter name of letters, digits or `_`, like `:id`",
            ),
            (
                "/a/*rest/b",
                "the catch-all `*rest` must be the last segment",
            ),
            (
                "/a/:bad-name",
                "`:bad-name` needs a parameter name of letters, digits or `_`, like `:id`",
            ),
        ];
        for (route, expected) in table {
            assert_eq!(to_matchit(route), Err(expected.to_owned()), "{route}");
        }
    }

    #[test]
    fn prefixes_match_whole_segments() {
        assert!(is_under("/api", "/api"));
        assert!(is_under("/api/users", "/api"));
        assert!(!is_under("/apix", "/api"));
        assert!(is_under("/anything", ""));
        assert_eq!(normalize_prefix("/api/").as_deref(), Ok("/api"));
        assert_eq!(normalize_prefix("/").as_deref(), Ok(""));
        assert!(normalize_prefix("api").is_err());
        assert!(normalize_prefix("/users/:id").is_err());
    }

    #[test]
    fn joins_mount_prefixes() {
        assert_eq!(join("/api", "/"), "/api");
        assert_eq!(join("/api", "/users"), "/api/users");
        assert_eq!(join("", "/users"), "/users");
    }
}
