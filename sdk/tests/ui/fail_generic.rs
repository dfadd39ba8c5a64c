#[edge::main]
fn handler<T>(_req: edge::Request) -> edge::Response {
    edge::Response::new("Hello World".into())
}

fn main() {}
