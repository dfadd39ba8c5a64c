#[edge::plugin]
fn check(_req: &edge::plugin::RequestHead) {}

fn main() {}
