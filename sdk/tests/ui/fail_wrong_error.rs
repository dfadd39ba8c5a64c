#[edge::main]
fn handler(_req: edge::Request) -> Result<edge::Response, String> {
    Ok(edge::Response::new("Hello World".into()))
}

fn main() {}
