//! Asks for memory: 1 GiB, which the host's memory limit must refuse, or
//! `?mib=` MiB.

pub(crate) fn one_gib() -> edge::Result<edge::Response> {
    let block = vec![1u8; 1 << 30];
    Ok(edge::Response::new(
        format!("allocated {} bytes", std::hint::black_box(&block).len()).into(),
    ))
}

/// Allocates and touches `?mib=` MiB (default 1).
pub(crate) fn mib(req: &edge::Request) -> edge::Result<edge::Response> {
    let mib = super::query::number(req, "mib", 1);
    let block = vec![1u8; usize::try_from(mib << 20).unwrap_or(usize::MAX)];
    Ok(edge::Response::new(
        format!("allocated {} MiB", std::hint::black_box(&block).len() >> 20).into(),
    ))
}
