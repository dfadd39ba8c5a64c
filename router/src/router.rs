//! [`Router`]: routes and middleware, FlightPath style.

use http::{Method, Request, Response};

use crate::middleware::{self, Endpoint, HandlerFn, Layer, Next};
use crate::route_path;
use crate::{Error, IntoResponse, Params, Reply, RouteBody};

/// Routes requests to handlers through middleware, the FlightPath way.
///
/// ```
/// use edge_router::{RequestExt, Router};
///
/// // Natively, a `String` body makes routing logic easy to test.
/// let mut router = Router::<String>::new();
/// router.use_(|_req, res| res.header("x-powered-by", "FlightPath"));
/// router.get("/", |_req, res| res.send("Hello World"));
/// router.get("/users/:id", |req, res| {
///     let id = req.param("id").unwrap_or_default().to_owned();
///     res.send(format!("user {id}"))
/// });
///
/// let res = router.handle(http::Request::get("/users/7").body(String::new())?)?;
/// assert_eq!(res.status(), 200);
/// assert_eq!(res.headers()["x-powered-by"], "FlightPath");
/// assert_eq!(res.into_body(), "user 7");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// - Routes match `matchit`-fast: static segments win over `:params`,
///   which win over a `*catch_all`.
/// - Middleware runs in registration order, for every request (404s
///   included) or for a path prefix; then the middleware of a mounted router;
///   then the handler.
/// - A path with no route is a 404 ([`not_found`](Router::not_found) changes
///   it); a path with routes for other methods is a 405 with `Allow`; `HEAD`
///   falls back to `GET` without the body; `OPTIONS` answers 204 with `Allow`.
/// - An error from a handler or middleware goes to the [`on_error`]
///   handler if one is set, else it is returned by [`handle`](Router::handle)
///   (and `#[edge::main]` answers it: logged, with its status).
///
/// [`on_error`]: Router::on_error
pub struct Router<B> {
    matcher: matchit::Router<usize>,
    /// matchit patterns already inserted, by route index. A list, not a
    /// map: registration is rare and a hash map costs ~3 KB of wasm.
    patterns: Vec<String>,
    routes: Vec<PathRoutes<B>>,
    layers: Vec<Scoped<B>>,
    not_found: Option<HandlerFn<B>>,
    on_error: Option<ErrorFn<B>>,
}

type ErrorFn<B> = Box<dyn Fn(&Error, Reply<B>) -> Reply<B>>;

/// The handlers of one path, by method, and the middleware of the router
/// they were mounted from.
struct PathRoutes<B> {
    route: String,
    methods: Vec<(Method, HandlerFn<B>)>,
    any: Option<HandlerFn<B>>,
    scoped: Vec<std::rc::Rc<Scoped<B>>>,
}

/// A middleware and the prefix it is limited to ("" for all paths).
struct Scoped<B> {
    prefix: String,
    layer: Layer<B>,
}

impl<B: RouteBody> Default for Router<B> {
    fn default() -> Self {
        Self::new()
    }
}

macro_rules! method_routes {
    ($($(#[$doc:meta])* $name:ident => $method:expr;)*) => {$(
        $(#[$doc])*
        #[track_caller]
        pub fn $name<F, O>(&mut self, path: &str, handler: F) -> &mut Self
        where
            F: Fn(&mut Request<B>, Reply<B>) -> O + 'static,
            O: IntoResponse<B>,
        {
            self.add(Some($method), path, middleware::handler(handler))
        }
    )*};
}

impl<B: RouteBody> Router<B> {
    /// A router with no routes: every request is a 404.
    pub fn new() -> Self {
        Self {
            matcher: matchit::Router::new(),
            patterns: Vec::new(),
            routes: Vec::new(),
            layers: Vec::new(),
            not_found: None,
            on_error: None,
        }
    }

    method_routes! {
        /// Routes `GET path` (and `HEAD path`, unless routed apart) to `handler`.
        ///
        /// Panics, at the caller's line, if the path is malformed or
        /// conflicts with a route already registered.
        get => Method::GET;
        /// Routes `POST path` to `handler`.
        post => Method::POST;
        /// Routes `PUT path` to `handler`.
        put => Method::PUT;
        /// Routes `PATCH path` to `handler`.
        patch => Method::PATCH;
        /// Routes `DELETE path` to `handler`.
        delete => Method::DELETE;
        /// Routes `HEAD path` to `handler`.
        head => Method::HEAD;
        /// Routes `OPTIONS path` to `handler`.
        options => Method::OPTIONS;
    }

    /// Routes any method on `path` to `handler`, after the method routes.
    #[track_caller]
    pub fn any<F, O>(&mut self, path: &str, handler: F) -> &mut Self
    where
        F: Fn(&mut Request<B>, Reply<B>) -> O + 'static,
        O: IntoResponse<B>,
    {
        self.add(None, path, middleware::handler(handler))
    }

    /// Routes `method path` to `handler`, for methods without a shortcut.
    #[track_caller]
    pub fn route<F, O>(&mut self, method: Method, path: &str, handler: F) -> &mut Self
    where
        F: Fn(&mut Request<B>, Reply<B>) -> O + 'static,
        O: IntoResponse<B>,
    {
        self.add(Some(method), path, middleware::handler(handler))
    }

    /// Adds Express-style middleware for every request: it sees the request
    /// and the reply so far, and returns the reply; a reply it sends ends
    /// the chain (authentication, say).
    ///
    /// (`use` is a Rust keyword, hence the underscore.)
    pub fn use_<F, O>(&mut self, middleware: F) -> &mut Self
    where
        F: Fn(&mut Request<B>, Reply<B>) -> O + 'static,
        O: IntoResponse<B>,
    {
        self.push_layer("", Layer::Use(middleware::handler(middleware)))
    }

    /// Like [`use_`](Router::use_), for paths under `prefix` only.
    #[track_caller]
    pub fn use_at<F, O>(&mut self, prefix: &str, middleware: F) -> &mut Self
    where
        F: Fn(&mut Request<B>, Reply<B>) -> O + 'static,
        O: IntoResponse<B>,
    {
        let prefix = prefix_or_panic(prefix);
        self.push_layer(&prefix, Layer::Use(middleware::handler(middleware)))
    }

    /// Adds onion middleware for every request: it gets the request and
    /// [`Next`], may call `next.run(req)` to run the rest of the chain, and
    /// may change the response that comes back (or answer without it).
    pub fn wrap<F>(&mut self, middleware: F) -> &mut Self
    where
        F: Fn(Request<B>, Next<'_, B>) -> Result<Response<B>, Error> + 'static,
    {
        self.push_layer("", Layer::Wrap(Box::new(middleware)))
    }

    /// Like [`wrap`](Router::wrap), for paths under `prefix` only.
    #[track_caller]
    pub fn wrap_at<F>(&mut self, prefix: &str, middleware: F) -> &mut Self
    where
        F: Fn(Request<B>, Next<'_, B>) -> Result<Response<B>, Error> + 'static,
    {
        let prefix = prefix_or_panic(prefix);
        self.push_layer(&prefix, Layer::Wrap(Box::new(middleware)))
    }

    /// Answers requests that match no route (default: 404 `Not Found`).
    /// The reply it gets already has status 404.
    pub fn not_found<F, O>(&mut self, handler: F) -> &mut Self
    where
        F: Fn(&mut Request<B>, Reply<B>) -> O + 'static,
        O: IntoResponse<B>,
    {
        self.not_found = Some(middleware::handler(handler));
        self
    }

    /// Turns errors from handlers and middleware into replies. Without it,
    /// [`handle`](Router::handle) returns the error.
    pub fn on_error<F>(&mut self, handler: F) -> &mut Self
    where
        F: Fn(&Error, Reply<B>) -> Reply<B> + 'static,
    {
        self.on_error = Some(Box::new(handler));
        self
    }

    /// Mounts `router`'s routes under `prefix`; its middleware runs for its
    /// routes only, after this router's. Its `not_found` and `on_error` are
    /// not used: this router's answer for the whole tree.
    #[track_caller]
    pub fn mount(&mut self, prefix: &str, router: Router<B>) -> &mut Self {
        let prefix = prefix_or_panic(prefix);
        let child_layers: Vec<std::rc::Rc<Scoped<B>>> = router
            .layers
            .into_iter()
            .map(|scoped| {
                std::rc::Rc::new(Scoped {
                    prefix: route_path::join(&prefix, &scoped.prefix),
                    layer: scoped.layer,
                })
            })
            .collect();
        for child in router.routes {
            let path = route_path::join(&prefix, &child.route);
            let index = self.path_index(&path);
            let target = &mut self.routes[index];
            let mut scoped = child_layers.clone();
            scoped.extend(child.scoped);
            if !target.methods.is_empty() || target.any.is_some() {
                panic!("mounting at `{prefix}` conflicts: `{path}` is already routed");
            }
            target.scoped = scoped;
            target.methods = child.methods;
            target.any = child.any;
        }
        self
    }

    /// Runs `request` through the middleware and the matching route.
    ///
    /// Returns the response; or, when a handler or middleware failed and no
    /// [`on_error`](Router::on_error) handler is set, the error.
    pub fn handle(&self, mut request: Request<B>) -> Result<Response<B>, Error> {
        let (endpoint, layers, params) = self.find(request.method(), request.uri().path());
        if let Some(params) = params {
            request.extensions_mut().insert(params);
        }
        match middleware::run_chain(&layers, &endpoint, request, Reply::new()) {
            Ok(response) => Ok(response),
            Err(error) => match &self.on_error {
                Some(on_error) => {
                    on_error(&error, Reply::new().status(error.status())).into_response()
                }
                None => Err(error),
            },
        }
    }

    /// The endpoint for a request, the middleware that applies to it, and
    /// the matched route's captures (none for a static route).
    fn find<'a>(
        &'a self,
        method: &Method,
        path: &str,
    ) -> (Endpoint<'a, B>, Vec<&'a Layer<B>>, Option<Params>) {
        let mut layers: Vec<&Layer<B>> = self
            .layers
            .iter()
            .filter(|scoped| route_path::is_under(path, &scoped.prefix))
            .map(|scoped| &scoped.layer)
            .collect();
        let Ok(matched) = self.matcher.at(path) else {
            return (Endpoint::NotFound(self.not_found.as_ref()), layers, None);
        };
        let route = &self.routes[*matched.value];
        layers.extend(
            route
                .scoped
                .iter()
                .filter(|scoped| route_path::is_under(path, &scoped.prefix))
                .map(|scoped| &scoped.layer),
        );
        let params = (!matched.params.is_empty()).then(|| {
            Params(
                matched
                    .params
                    .iter()
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect(),
            )
        });

        let handler = route
            .methods
            .iter()
            .find(|(m, _)| m == method)
            .map(|(_, handler)| handler);
        let endpoint = match (handler, &route.any) {
            (Some(handler), _) | (None, Some(handler)) => Endpoint::Handler(handler),
            (None, None) if method == Method::HEAD => match route.get_handler() {
                Some(get) => Endpoint::HeadFromGet(get),
                None => Endpoint::MethodNotAllowed(route.allow()),
            },
            (None, None) if method == Method::OPTIONS => Endpoint::Options(route.allow()),
            (None, None) => Endpoint::MethodNotAllowed(route.allow()),
        };
        (endpoint, layers, params)
    }

    #[track_caller]
    fn add(&mut self, method: Option<Method>, path: &str, handler: HandlerFn<B>) -> &mut Self {
        let index = self.path_index(path);
        let route = &mut self.routes[index];
        match method {
            Some(method) => {
                if route.methods.iter().any(|(m, _)| *m == method) {
                    panic!("route `{method} {path}` is registered twice");
                }
                route.methods.push((method, handler));
            }
            None => {
                if route.any.is_some() {
                    panic!("route `any {path}` is registered twice");
                }
                route.any = Some(handler);
            }
        }
        self
    }

    /// The index of `path`'s routes, added to the matcher on first use.
    #[track_caller]
    fn path_index(&mut self, path: &str) -> usize {
        // No closures on this path: `#[track_caller]` does not reach into them.
        let pattern = match route_path::to_matchit(path) {
            Ok(pattern) => pattern,
            Err(why) => panic!("invalid route `{path}`: {why}"),
        };
        if let Some(index) = self.patterns.iter().position(|p| *p == pattern) {
            return index;
        }
        let index = self.routes.len();
        if let Err(e) = self.matcher.insert(pattern.clone(), index) {
            // Say it in the user's words: the route as they wrote it.
            let why = match &e {
                matchit::InsertError::Conflict { with } => {
                    let theirs = self.patterns.iter().position(|p| p == with);
                    let with = theirs.map_or_else(
                        || route_path::from_matchit(with),
                        |i| self.routes[i].route.clone(),
                    );
                    format!("it matches the same paths as `{with}`")
                }
                other => route_path::from_matchit(&other.to_string()),
            };
            panic!("route `{path}` conflicts with an existing route: {why}");
        }
        self.patterns.push(pattern);
        self.routes.push(PathRoutes {
            route: path.to_owned(),
            methods: Vec::new(),
            any: None,
            scoped: Vec::new(),
        });
        index
    }

    fn push_layer(&mut self, prefix: &str, layer: Layer<B>) -> &mut Self {
        self.layers.push(Scoped {
            prefix: prefix.to_owned(),
            layer,
        });
        self
    }
}

impl<B> PathRoutes<B> {
    fn get_handler(&self) -> Option<&HandlerFn<B>> {
        self.methods
            .iter()
            .find(|(m, _)| *m == Method::GET)
            .map(|(_, handler)| handler)
    }

    /// The `Allow` header value: the routed methods, `HEAD` with `GET`, and
    /// `OPTIONS`.
    fn allow(&self) -> String {
        let mut methods: Vec<&str> = self.methods.iter().map(|(m, _)| m.as_str()).collect();
        if methods.contains(&"GET") && !methods.contains(&"HEAD") {
            methods.push("HEAD");
        }
        if !methods.contains(&"OPTIONS") {
            methods.push("OPTIONS");
        }
        methods.join(", ")
    }
}

#[track_caller]
fn prefix_or_panic(prefix: &str) -> String {
    match route_path::normalize_prefix(prefix) {
        Ok(prefix) => prefix,
        Err(why) => panic!("invalid prefix `{prefix}`: {why}"),
    }
}
