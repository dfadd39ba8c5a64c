//! Panics before the response, and after its head is already out.

pub(crate) fn before_response() -> edge::Result<edge::Response> {
    panic!("test program panics before answering");
}

/// Sends the head and 64 KiB of body, then panics: the client must not
/// take the cut body for a complete one.
pub(crate) fn after_head() -> edge::Result<edge::Response> {
    Ok(edge::Response::new(edge::Body::from_writer(|out| {
        out.write_all(&[b'x'; 64 << 10])?;
        out.flush()?;
        panic!("test program panics after its head is sent");
    })))
}
