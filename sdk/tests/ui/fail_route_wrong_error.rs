fn main() {
    let mut router = edge::Router::new();
    router.get("/", |_req, res| -> Result<edge::Reply, String> {
        Ok(res.send("Hello World"))
    });
}
