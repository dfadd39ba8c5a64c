//! A route that uses `?` and ends in `Ok(..)` needs no type annotation.

#[derive(serde::Deserialize)]
struct Flight {
    id: u32,
}

fn main() {
    use edge::RequestExt;
    let mut router = edge::Router::new();
    router.post("/flights", |req, res| {
        let flight: Flight = req.json()?;
        let _: u16 = "1".parse()?;
        Ok(res.status(201).send(flight.id.to_string()))
    });
}
