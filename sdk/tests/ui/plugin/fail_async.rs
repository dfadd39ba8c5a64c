#[edge::plugin]
async fn check(_req: &edge::plugin::RequestHead) -> edge::plugin::Decision {
    edge::plugin::Decision::Pass
}

fn main() {}
