//! Reads the request body to its end without keeping it: for uploads
//! bigger than the host lets through, and to check a body came whole.

use std::io::Read;

pub(crate) fn discard(req: edge::Request) -> edge::Result<edge::Response> {
    let mut body = req.into_body();
    let mut buffer = vec![0u8; 64 << 10];
    let mut total: u64 = 0;
    loop {
        let n = body.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        total += n as u64;
    }
    Ok(edge::Response::new(format!("read {total} bytes").into()))
}

/// Answers the body's length and FNV-1a 64 hash, read in pieces.
pub(crate) fn digest(req: edge::Request) -> edge::Result<edge::Response> {
    let mut body = req.into_body();
    let mut buffer = vec![0u8; 16 << 10];
    let mut total: u64 = 0;
    let mut hash = crate::routes::fnv1a64(&[]);
    loop {
        let n = body.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        total += n as u64;
        hash = crate::routes::fnv1a64_on(hash, &buffer[..n]);
    }
    Ok(edge::Response::new(
        format!("{total} bytes, fnv1a64 {hash:016x}").into(),
    ))
}
