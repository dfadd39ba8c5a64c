//! Takes `?ms=N` milliseconds to answer: a request in flight.

pub(crate) fn sleep(req: &edge::Request) -> edge::Result<edge::Response> {
    let ms: u64 = req
        .uri()
        .query()
        .and_then(|q| q.strip_prefix("ms="))
        .and_then(|n| n.parse().ok())
        .unwrap_or(500);
    std::thread::sleep(std::time::Duration::from_millis(ms));
    Ok(edge::Response::new(format!("slept {ms} ms").into()))
}
