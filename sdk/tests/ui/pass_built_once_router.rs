use edge::Router;

#[edge::main]
fn app() -> Router {
    let mut router = Router::new();
    router.get("/", |_req, res| res.send("Hello World"));
    router
}

fn main() {
    let _ = app();
}
