#[edge::main]
fn handler(_req: edge::Request, _extra: u32) -> edge::Response {
    edge::Response::new("Hello World".into())
}

fn main() {}
