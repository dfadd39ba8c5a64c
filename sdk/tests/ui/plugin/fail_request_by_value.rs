#[edge::plugin]
fn check(_req: edge::Request) -> edge::plugin::Decision {
    edge::plugin::Decision::Pass
}

fn main() {}
