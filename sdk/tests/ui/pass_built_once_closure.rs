use edge::{Request, Response};

#[edge::main]
fn app() -> impl Fn(Request) -> edge::Result<Response> {
    let table: Vec<u32> = (0..100).collect();
    move |_req| Ok(Response::new(table.len().to_string().into()))
}

fn main() {
    let _ = app();
}
