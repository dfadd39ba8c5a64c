use edge::plugin::{Decision, RequestHead};

#[edge::plugin]
fn check(req: &RequestHead) -> Decision {
    if req.headers().contains_key("x-blocked") {
        Decision::Respond(edge::Response::new("blocked".into()))
    } else {
        Decision::Pass
    }
}

fn main() {
    let req = edge::http::Request::get("/").body(()).unwrap();
    assert!(check(&req).is_pass());
}
