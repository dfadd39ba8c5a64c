//! [`RequestExt`]: Express-style helpers on `http::Request`.

use http::{Request, header::COOKIE};

#[cfg(feature = "json")]
use crate::DEFAULT_BODY_LIMIT;
use crate::{Error, Params, RouteBody, cookie};

/// Helpers for reading a request inside a route: path parameters, the query,
/// a JSON body, cookies. Errors answer as the client's fault where they are:
/// a bad query or bad JSON is a 400, a body over the limit a 413.
///
/// ```
/// use edge_router::{RequestExt, Router};
///
/// #[derive(serde::Deserialize)]
/// struct NewUser { name: String }
///
/// let mut router = Router::<String>::new();
/// router.post("/users", |req, res| {
///     let user: NewUser = req.json()?;
///     Ok(res.status(201).send(user.name))
/// });
///
/// let post = |body: &str| http::Request::post("/users").body(body.to_owned());
/// assert_eq!(router.handle(post(r#"{"name":"ada"}"#)?)?.status(), 201);
/// assert_eq!(router.handle(post("{")?).unwrap_err().status(), 400);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait RequestExt {
    /// The path parameter `name` captured by the route (`/users/:id`).
    fn param(&self, name: &str) -> Option<&str>;

    /// The value of cookie `name` from the `Cookie` header.
    fn cookie(&self, name: &str) -> Option<&str>;

    /// The query string parsed into `T` (a struct or a map); 400 if it
    /// does not fit.
    #[cfg(feature = "json")]
    fn query<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error>;

    /// The body parsed as JSON into `T`, read up to [`DEFAULT_BODY_LIMIT`]
    /// bytes: bad JSON fails with 400, a larger body with 413 (see
    /// [`BodyError`](crate::BodyError)). Takes the body: it can be read once.
    #[cfg(feature = "json")]
    fn json<T: serde::de::DeserializeOwned>(&mut self) -> Result<T, Error>;

    /// Like [`json`](RequestExt::json), with a chosen size limit in bytes.
    #[cfg(feature = "json")]
    fn json_limited<T: serde::de::DeserializeOwned>(&mut self, limit: usize) -> Result<T, Error>;
}

impl<B: RouteBody> RequestExt for Request<B> {
    fn param(&self, name: &str) -> Option<&str> {
        self.extensions().get::<Params>()?.get(name)
    }

    fn cookie(&self, name: &str) -> Option<&str> {
        self.headers()
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|header| cookie::find(header, name))
    }

    #[cfg(feature = "json")]
    fn query<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        let query = self.uri().query().unwrap_or("");
        serde_urlencoded::from_str(query).map_err(|e| {
            Error::new(
                http::StatusCode::BAD_REQUEST,
                format!("invalid query string: {e}"),
            )
        })
    }

    #[cfg(feature = "json")]
    fn json<T: serde::de::DeserializeOwned>(&mut self) -> Result<T, Error> {
        self.json_limited(DEFAULT_BODY_LIMIT)
    }

    #[cfg(feature = "json")]
    fn json_limited<T: serde::de::DeserializeOwned>(&mut self, limit: usize) -> Result<T, Error> {
        let body = std::mem::take(self.body_mut());
        Ok(body.read_json(limit)?)
    }
}
