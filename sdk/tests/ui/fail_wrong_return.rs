#[edge::main]
fn handler(_req: edge::Request) -> String {
    "Hello World".to_owned()
}

fn main() {}
