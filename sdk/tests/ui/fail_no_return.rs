#[edge::main]
fn handler(_req: edge::Request) {}

fn main() {}
