#[edge::main]
fn handler(_req: edge::Request) -> edge::Result<edge::Response> {
    Ok(edge::Response::new("Hello World".into()))
}

fn main() {}
