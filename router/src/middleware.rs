//! Middleware: Express-style `use_` layers and onion-style `wrap` layers,
//! and [`Next`], the rest of the chain.

use http::{Request, Response};

use crate::{Error, IntoResponse, Reply, RouteBody};

/// A handler or `use_` middleware, type-erased.
pub(crate) type HandlerFn<B> = Box<dyn Fn(&mut Request<B>, Reply<B>) -> Result<Reply<B>, Error>>;

/// An onion middleware, type-erased.
pub(crate) type WrapFn<B> = Box<dyn Fn(Request<B>, Next<'_, B>) -> Result<Response<B>, Error>>;

pub(crate) fn handler<B, F, O>(f: F) -> HandlerFn<B>
where
    B: RouteBody,
    F: Fn(&mut Request<B>, Reply<B>) -> O + 'static,
    O: IntoResponse<B>,
{
    Box::new(move |req, res| f(req, res).into_reply())
}

/// One middleware of a chain.
pub(crate) enum Layer<B> {
    /// Runs before what follows; a reply it sends ends the chain.
    Use(HandlerFn<B>),
    /// Runs around what follows, through [`Next`].
    Wrap(WrapFn<B>),
}

/// What answers once every middleware has let the request through.
pub(crate) enum Endpoint<'a, B> {
    Handler(&'a HandlerFn<B>),
    /// `HEAD` answered by the `GET` handler, without its body.
    HeadFromGet(&'a HandlerFn<B>),
    NotFound(Option<&'a HandlerFn<B>>),
    MethodNotAllowed(String),
    Options(String),
}

/// The rest of the chain after an onion middleware: the middleware after it
/// and the handler. Call [`run`](Next::run) to continue, then change the
/// response it returns; or do not, and answer yourself.
pub struct Next<'a, B> {
    pub(crate) layers: &'a [&'a Layer<B>],
    pub(crate) endpoint: &'a Endpoint<'a, B>,
    pub(crate) reply: Reply<B>,
}

impl<B: RouteBody> Next<'_, B> {
    /// Runs the rest of the chain and returns its response.
    pub fn run(self, request: Request<B>) -> Result<Response<B>, Error> {
        run_chain(self.layers, self.endpoint, request, self.reply)
    }
}

pub(crate) fn run_chain<B: RouteBody>(
    layers: &[&Layer<B>],
    endpoint: &Endpoint<'_, B>,
    mut request: Request<B>,
    mut reply: Reply<B>,
) -> Result<Response<B>, Error> {
    for (i, layer) in layers.iter().enumerate() {
        match layer {
            Layer::Use(f) => {
                reply = f(&mut request, reply)?;
                if reply.is_sent() {
                    return reply.into_response();
                }
            }
            Layer::Wrap(f) => {
                let next = Next {
                    layers: &layers[i + 1..],
                    endpoint,
                    reply,
                };
                return f(request, next);
            }
        }
    }
    endpoint.answer(request, reply)
}

impl<B: RouteBody> Endpoint<'_, B> {
    fn answer(&self, mut request: Request<B>, reply: Reply<B>) -> Result<Response<B>, Error> {
        match self {
            Self::Handler(f) => f(&mut request, reply)?.into_response(),
            Self::HeadFromGet(f) => {
                let response = f(&mut request, reply)?.into_response()?;
                Ok(without_body(response))
            }
            Self::NotFound(Some(f)) => {
                let reply = reply.status(http::StatusCode::NOT_FOUND);
                f(&mut request, reply)?.into_response()
            }
            Self::NotFound(None) => reply
                .status(http::StatusCode::NOT_FOUND)
                .send("Not Found")
                .into_response(),
            Self::MethodNotAllowed(allow) => reply
                .status(http::StatusCode::METHOD_NOT_ALLOWED)
                .header(http::header::ALLOW, allow.as_str())
                .send("Method Not Allowed")
                .into_response(),
            Self::Options(allow) => reply
                .status(http::StatusCode::NO_CONTENT)
                .header(http::header::ALLOW, allow.as_str())
                .body(B::default())
                .into_response(),
        }
    }
}

/// The `GET` response's head for a `HEAD` request: same status and
/// headers, no body.
fn without_body<B: RouteBody>(response: Response<B>) -> Response<B> {
    let (parts, _) = response.into_parts();
    Response::from_parts(parts, B::default())
}
