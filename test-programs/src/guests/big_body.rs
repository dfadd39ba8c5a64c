//! Streams a 1 GiB body: the host must pass it on with bounded memory, or
//! stop it at the response time limit.

pub(crate) fn one_gib() -> edge::Result<edge::Response> {
    Ok(edge::Response::new(edge::Body::from_writer(|out| {
        let chunk = [b'z'; 64 << 10];
        for _ in 0..(1 << 30) / chunk.len() {
            out.write_all(&chunk)?;
        }
        Ok(())
    })))
}
