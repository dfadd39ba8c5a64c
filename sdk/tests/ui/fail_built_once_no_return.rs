#[edge::main]
fn app() {}

fn main() {}
