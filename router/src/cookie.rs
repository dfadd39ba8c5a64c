//! [`Cookie`]: building `Set-Cookie` values and reading the `Cookie` header.

use std::fmt::Write as _;

use crate::Error;

/// The `SameSite` attribute of a cookie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SameSite {
    /// Sent only with requests from the same site.
    Strict,
    /// Also sent on top-level navigations from other sites (browsers' default).
    Lax,
    /// Sent with every request; browsers require `Secure` with it.
    None,
}

/// A cookie to set on the client, with [`Reply::cookie`](crate::Reply::cookie).
///
/// ```
/// use edge_router::{Cookie, SameSite};
/// let cookie = Cookie::new("session", "abc123").path("/").max_age(3600).http_only().same_site(SameSite::Lax);
/// assert_eq!(cookie.to_header().unwrap(), "session=abc123; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cookie {
    name: String,
    value: String,
    path: Option<String>,
    domain: Option<String>,
    max_age: Option<i64>,
    http_only: bool,
    secure: bool,
    same_site: Option<SameSite>,
}

impl Cookie {
    /// A session cookie `name=value`.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            path: None,
            domain: None,
            max_age: None,
            http_only: false,
            secure: false,
            same_site: None,
        }
    }

    /// The path the cookie is sent for.
    #[must_use]
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// The domain the cookie is sent to.
    #[must_use]
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.domain = Some(domain.into());
        self
    }

    /// How many seconds the cookie lives; 0 or less deletes it.
    #[must_use]
    pub fn max_age(mut self, seconds: i64) -> Self {
        self.max_age = Some(seconds);
        self
    }

    /// Hides the cookie from scripts in the page.
    #[must_use]
    pub fn http_only(mut self) -> Self {
        self.http_only = true;
        self
    }

    /// Sends the cookie over HTTPS only.
    #[must_use]
    pub fn secure(mut self) -> Self {
        self.secure = true;
        self
    }

    /// Sets the `SameSite` attribute.
    #[must_use]
    pub fn same_site(mut self, same_site: SameSite) -> Self {
        self.same_site = Some(same_site);
        self
    }

    /// The `Set-Cookie` header value, or an error naming the bad part.
    pub fn to_header(&self) -> Result<String, Error> {
        if self.name.is_empty() || !self.name.bytes().all(is_token_byte) {
            return Err(Error::msg(format!(
                "invalid cookie name `{}`: use letters, digits and !#$%&'*+-.^_`|~",
                self.name
            )));
        }
        if !self.value.bytes().all(is_cookie_value_byte) {
            return Err(Error::msg(format!(
                "invalid value for cookie `{}`: no spaces, quotes, commas, semicolons or backslashes; encode it first",
                self.name
            )));
        }
        let mut header = format!("{}={}", self.name, self.value);
        if let Some(path) = &self.path {
            let _ = write!(header, "; Path={path}");
        }
        if let Some(domain) = &self.domain {
            let _ = write!(header, "; Domain={domain}");
        }
        if let Some(max_age) = self.max_age {
            let _ = write!(header, "; Max-Age={max_age}");
        }
        if self.http_only {
            header.push_str("; HttpOnly");
        }
        if self.secure {
            header.push_str("; Secure");
        }
        if let Some(same_site) = self.same_site {
            header.push_str(match same_site {
                SameSite::Strict => "; SameSite=Strict",
                SameSite::Lax => "; SameSite=Lax",
                SameSite::None => "; SameSite=None",
            });
        }
        Ok(header)
    }
}

/// The value of cookie `name` in a `Cookie` request header.
pub(crate) fn find<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key.trim() == name).then(|| value.trim().trim_matches('"'))
    })
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn is_cookie_value_byte(b: u8) -> bool {
    matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cookies_in_a_header() {
        let header = "a=1; session=abc; quoted=\"x y\"";
        assert_eq!(find(header, "a"), Some("1"));
        assert_eq!(find(header, "session"), Some("abc"));
        assert_eq!(find(header, "quoted"), Some("x y"));
        assert_eq!(find(header, "missing"), None);
    }

    #[test]
    fn rejects_bad_names_and_values() {
        let err = Cookie::new("bad name", "v").to_header().unwrap_err();
        assert!(
            err.to_string()
                .starts_with("invalid cookie name `bad name`")
        );
        let err = Cookie::new("n", "a;b").to_header().unwrap_err();
        assert!(err.to_string().starts_with("invalid value for cookie `n`"));
    }
}
