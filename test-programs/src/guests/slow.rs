//! Takes `?ms=N` milliseconds to answer: a request in flight.

pub(crate) fn sleep(req: &edge::Request) -> edge::Result<edge::Response> {
    let ms = super::query::number(req, "ms", 500);
    std::thread::sleep(std::time::Duration::from_millis(ms));
    Ok(edge::Response::new(format!("slept {ms} ms").into()))
}

/// Sends the head at once, then takes `?ms=` milliseconds (default 60,000)
/// to send one byte of body: a slot held by a slow guest.
pub(crate) fn slow_body(req: &edge::Request) -> edge::Result<edge::Response> {
    let ms = super::query::number(req, "ms", 60_000);
    let body = edge::Body::from_writer(move |out| {
        std::thread::sleep(std::time::Duration::from_millis(ms));
        std::io::Write::write_all(out, b".")
    });
    Ok(edge::Response::new(body))
}
