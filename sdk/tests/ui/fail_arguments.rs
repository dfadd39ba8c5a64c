#[edge::main(port = 80)]
fn handler(_req: edge::Request) -> edge::Response {
    edge::Response::new("Hello World".into())
}

fn main() {}
