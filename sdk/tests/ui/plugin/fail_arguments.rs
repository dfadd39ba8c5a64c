#[edge::plugin(first)]
fn check(_req: &edge::plugin::RequestHead) -> edge::plugin::Decision {
    edge::plugin::Decision::Pass
}

#[edge::plugin]
fn none() -> edge::plugin::Decision {
    edge::plugin::Decision::Pass
}

#[edge::plugin]
fn two(_req: &edge::plugin::RequestHead, _n: u32) -> edge::plugin::Decision {
    edge::plugin::Decision::Pass
}

fn main() {}
