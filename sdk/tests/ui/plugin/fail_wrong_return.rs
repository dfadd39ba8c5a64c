#[edge::plugin]
fn check(_req: &edge::plugin::RequestHead) -> edge::Response {
    edge::Response::new("no".into())
}

fn main() {}
