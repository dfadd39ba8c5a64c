//! Burns CPU forever: the host's deadline must stop it, before the
//! response or after it (`edge::after_response`).

pub(crate) fn forever() -> edge::Result<edge::Response> {
    let mut n: u64 = 0;
    loop {
        n = std::hint::black_box(n.wrapping_add(1));
    }
}

/// Answers `sent` whole, then burns CPU forever once it has gone out.
pub(crate) fn after_response() -> edge::Result<edge::Response> {
    edge::after_response(|| {
        let _: edge::Result<edge::Response> = forever();
    });
    Ok(edge::Response::new(edge::Body::from("sent")))
}
