#[edge::main]
async fn handler(_req: edge::Request) -> edge::Response {
    edge::Response::new("Hello World".into())
}

fn main() {}
