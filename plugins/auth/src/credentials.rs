//! What the plugin accepts, from configuration, and the check of an
//! `Authorization` header against it.

use edge::http::HeaderValue;

use crate::base64;

/// The credentials a request may present.
#[derive(Debug, Default)]
pub(crate) struct Accepted {
    /// `Authorization: Bearer <token>` with this token.
    pub(crate) token: Option<String>,
    /// `Authorization: Basic <base64 of user:password>` with these.
    pub(crate) basic: Option<(String, String)>,
    /// The realm named in the challenge.
    pub(crate) realm: String,
}

impl Accepted {
    /// What the configuration accepts: `auth.token`, `auth.basic`
    /// (`user:password`) and `auth.realm` (default `edge`).
    ///
    /// # Errors
    ///
    /// When the configuration cannot be read, `auth.basic` has no `:` or
    /// an empty user or password, or neither `auth.token` nor `auth.basic`
    /// is set: the plugin then lets nobody through rather than everybody.
    pub(crate) fn from_config() -> edge::Result<Self> {
        let token = edge::config::get("auth.token")?.filter(|t| !t.is_empty());
        let basic = edge::config::get("auth.basic")?
            .map(|pair| basic_pair(&pair))
            .transpose()?;
        if token.is_none() && basic.is_none() {
            return Err(edge::Error::msg(
                "neither auth.token nor auth.basic is configured: the plugin lets nobody through",
            ));
        }
        let realm = edge::config::get("auth.realm")?.unwrap_or_else(|| "edge".to_owned());
        Ok(Self {
            token,
            basic,
            realm,
        })
    }

    /// Whether `authorization` (the request's header, if any) presents
    /// accepted credentials.
    pub(crate) fn admits(&self, authorization: Option<&HeaderValue>) -> bool {
        let Some(Ok(value)) = authorization.map(HeaderValue::to_str) else {
            return false;
        };
        let Some((scheme, credentials)) = value.trim().split_once(' ') else {
            return false;
        };
        let credentials = credentials.trim();
        if scheme.eq_ignore_ascii_case("bearer") {
            self.token
                .as_deref()
                .is_some_and(|token| same(token.as_bytes(), credentials.as_bytes()))
        } else if scheme.eq_ignore_ascii_case("basic") {
            let Some((user, password)) = &self.basic else {
                return false;
            };
            let Some(decoded) = base64::decode(credentials) else {
                return false;
            };
            let Some(colon) = decoded.iter().position(|&b| b == b':') else {
                return false;
            };
            // Both compared, always: the time taken does not say which
            // one was wrong.
            let user_ok = same(user.as_bytes(), &decoded[..colon]);
            let password_ok = same(password.as_bytes(), &decoded[colon + 1..]);
            user_ok & password_ok
        } else {
            false
        }
    }
}

/// `auth.basic`'s `user:password` (split at the first `:`).
///
/// # Errors
///
/// Without a `:`, or with an empty user or password: credentials anyone
/// can guess (`:` would admit `Basic Og==`) let nobody through instead.
fn basic_pair(pair: &str) -> edge::Result<(String, String)> {
    match pair.split_once(':') {
        Some((user, password)) if !user.is_empty() && !password.is_empty() => {
            Ok((user.to_owned(), password.to_owned()))
        }
        _ => Err(edge::Error::msg(
            "auth.basic must be `user:password` with neither empty: the plugin lets nobody through",
        )),
    }
}

/// Whether `given` is `expected`, in a time that depends on `given`'s
/// length only: neither on where the first difference is nor on the
/// secret `expected`'s length.
///
/// It walks `given` (whose length the sender knows anyway), comparing byte
/// `i` with the secret's byte `i` modulo its length, and folds the length
/// difference into the result instead of returning early on it: an
/// early return would answer a guess of the wrong length at once and one
/// of the right length after a walk, so that timing guesses of growing
/// lengths would tell the secret's. Digests of both sides (compared at a
/// fixed size) would not help unless computed over a fixed length too,
/// since hashing the secret takes time that follows its length; they
/// would also need a hash function in the crate.
fn same(expected: &[u8], given: &[u8]) -> bool {
    if expected.is_empty() {
        // Not configurable (an empty token is unset, an empty user or
        // password refused): only an empty guess matches nothing.
        return given.is_empty();
    }
    let mut difference = expected.len() ^ given.len();
    for (i, &byte) in given.iter().enumerate() {
        difference |= usize::from(expected[i % expected.len()] ^ byte);
    }
    std::hint::black_box(difference) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepted() -> Accepted {
        Accepted {
            token: Some("s3cret-token".to_owned()),
            basic: Some(("aladdin".to_owned(), "opensesame".to_owned())),
            realm: "edge".to_owned(),
        }
    }

    fn admits(header: &str) -> bool {
        accepted().admits(Some(
            &HeaderValue::from_str(header).expect("a valid header"),
        ))
    }

    #[test]
    fn admits_the_token_and_the_credentials() {
        assert!(admits("Bearer s3cret-token"));
        assert!(admits("bearer  s3cret-token "));
        assert!(admits("Basic YWxhZGRpbjpvcGVuc2VzYW1l"));
    }

    #[test]
    fn refuses_anything_else() {
        for header in [
            "Bearer s3cret-tokeN",
            "Bearer s3cret-token2",
            "Bearer",
            "s3cret-token",
            "Token s3cret-token",
            // aladdin:opensesamf
            "Basic YWxhZGRpbjpvcGVuc2VzYW1m",
            // aladdin (no colon)
            "Basic YWxhZGRpbg==",
            "Basic not-base64!",
        ] {
            assert!(!admits(header), "{header}");
        }
        assert!(!accepted().admits(None));
    }

    #[test]
    fn an_empty_user_or_password_is_refused() {
        for bad in ["aladdin", ":", "aladdin:", ":opensesame", ""] {
            let error = basic_pair(bad).expect_err("refused");
            assert!(
                error
                    .to_string()
                    .starts_with("auth.basic must be `user:password` with neither empty"),
                "{bad}: {error}"
            );
        }
        let (user, password) = basic_pair("aladdin:open:sesame").expect("a pair");
        assert_eq!(
            (user.as_str(), password.as_str()),
            ("aladdin", "open:sesame")
        );
    }

    #[test]
    fn only_the_same_bytes_are_the_same() {
        assert!(same(b"secret", b"secret"));
        for given in [
            &b""[..],
            b"s",
            b"secre",
            b"secret2",
            b"secreT",
            b"secretsecret",
        ] {
            assert!(!same(b"secret", given), "{given:?}");
        }
        assert!(!same(b"", b"x"));
        assert!(same(b"", b""));
    }

    #[test]
    fn a_scheme_not_configured_is_refused() {
        let token_only = Accepted {
            basic: None,
            ..accepted()
        };
        let header = HeaderValue::from_static("Basic YWxhZGRpbjpvcGVuc2VzYW1l");
        assert!(!token_only.admits(Some(&header)));
    }
}
