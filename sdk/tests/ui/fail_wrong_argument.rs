#[edge::main]
fn handler(_req: String) -> edge::Response {
    edge::Response::new("Hello World".into())
}

fn main() {}
