#[edge::main]
fn handler() -> edge::Response {
    edge::Response::new("Hello World".into())
}

fn main() {}
