#[edge::plugin(first)]
fn check(_req: &edge::plugin::RequestHead) -> edge::plugin::Decision {
    edge::plugin::Decision::Pass
}

#[edge::plugin]
fn none() -> edge::plugin::Decision {
    edge::plugin::Decision::Pass
}

#[edge::plugin]
fn three(
    _req: &edge::plugin::RequestHead,
    _body: &edge::plugin::BodyPrefix,
    _n: u32,
) -> edge::plugin::Decision {
    edge::plugin::Decision::Pass
}

fn main() {}
