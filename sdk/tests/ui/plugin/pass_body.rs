use edge::plugin::{BodyPrefix, Decision, RequestHead};

#[edge::plugin]
fn check(_req: &RequestHead, body: &BodyPrefix) -> Decision {
    if body.bytes().starts_with(b"bad") {
        Decision::Respond(edge::Response::new("no".into()))
    } else {
        Decision::Pass
    }
}

fn main() {
    let req = edge::http::Request::get("/").body(()).unwrap();
    assert!(check(&req, &BodyPrefix::new("good", true)).is_pass());
    assert!(!check(&req, &BodyPrefix::new("bad", true)).is_pass());
}
