use edge::{Request, Response};

#[edge::main]
fn handler(_req: Request) -> Response {
    Response::new("Hello World".into())
}

fn main() {}
