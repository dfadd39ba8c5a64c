use edge::plugin::{Decision, RequestHead};

#[edge::plugin]
fn check(req: &RequestHead) -> edge::Result<Decision> {
    let _: u32 = req.uri().path().len().try_into()?;
    Ok(Decision::Pass)
}

fn main() {}
