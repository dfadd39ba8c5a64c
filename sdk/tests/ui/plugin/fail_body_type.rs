#[edge::plugin]
fn body_as_bytes(_req: &edge::plugin::RequestHead, _body: &[u8]) -> edge::plugin::Decision {
    edge::plugin::Decision::Pass
}

fn main() {}
