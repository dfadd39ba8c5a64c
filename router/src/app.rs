//! [`App`]: what answers every request of an app, built once.

use http::{Request, Response};

use crate::{Error, IntoResponse, RouteBody, Router};

/// Something that answers requests: a [`Router`], or a closure from a
/// request to anything [`IntoResponse`].
///
/// An `#[edge::main]` function that takes no request returns an `App`. The
/// function runs once, before the first request (at build time when the
/// app is pre-initialized); every request is then answered by the value it
/// built, so the routes, tables and compiled patterns it holds are not built
/// again per request.
///
/// ```
/// use edge_router::{App, Router};
///
/// fn app() -> impl App<String> {
///     let mut router = Router::<String>::new();
///     router.get("/", |_req, res| res.send("Hello World"));
///     router
/// }
///
/// let res = app().respond(http::Request::get("/").body(String::new())?)?;
/// assert_eq!(res.into_body(), "Hello World");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot answer requests",
    label = "an `#[edge::main]` function without a request must return an `edge::Router` or a closure `|req: edge::Request| -> edge::Result<edge::Response>`",
    note = "to build the app per request instead, take the request: `fn main(req: edge::Request) -> edge::Result<edge::Response>`"
)]
pub trait App<B> {
    /// Answers `request`; an error is answered with its status.
    fn respond(&self, request: Request<B>) -> Result<Response<B>, Error>;
}

impl<B: RouteBody> App<B> for Router<B> {
    fn respond(&self, request: Request<B>) -> Result<Response<B>, Error> {
        self.handle(request)
    }
}

impl<B, F, O> App<B> for F
where
    B: RouteBody,
    F: Fn(Request<B>) -> O,
    O: IntoResponse<B>,
{
    fn respond(&self, request: Request<B>) -> Result<Response<B>, Error> {
        self(request).into_reply()?.into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(app: &dyn App<String>, path: &str) -> String {
        let request = Request::get(path).body(String::new()).expect("request");
        match app.respond(request) {
            Ok(res) => format!("{} {}", res.status().as_u16(), res.into_body()),
            Err(e) => format!("error {}", e.status().as_u16()),
        }
    }

    #[test]
    fn a_router_answers_through_its_routes() {
        let mut router = Router::<String>::new();
        router.get("/a", |_req, res| res.send("a"));
        assert_eq!(answer(&router, "/a"), "200 a");
        assert_eq!(answer(&router, "/b"), "404 Not Found");
    }

    #[test]
    fn a_closure_answers_and_keeps_what_it_captured() {
        let table = ["x".to_owned(), "y".to_owned()];
        let app = move |req: Request<String>| -> crate::Result<Response<String>> {
            let found = table.iter().any(|t| req.uri().path() == format!("/{t}"));
            Ok(Response::new(found.to_string()))
        };
        assert_eq!(answer(&app, "/y"), "200 true");
        assert_eq!(answer(&app, "/z"), "200 false");
    }

    #[test]
    fn a_closure_error_keeps_its_status() {
        let app = |_req: Request<String>| -> crate::Result<Response<String>> {
            Err(Error::new(http::StatusCode::FORBIDDEN, "no"))
        };
        assert_eq!(answer(&app, "/"), "error 403");
    }
}
