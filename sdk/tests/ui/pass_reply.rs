//! `#[edge::main]` takes any answer a route could give, a `Reply` included.

#[edge::main]
fn handler(_req: edge::Request) -> edge::Result<edge::Reply> {
    Ok(edge::Reply::new().send("Hello World"))
}

fn main() {}
