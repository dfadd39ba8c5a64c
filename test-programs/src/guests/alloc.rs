//! Asks for 1 GiB of memory: the host's memory limit must refuse it.

pub(crate) fn one_gib() -> edge::Result<edge::Response> {
    let block = vec![1u8; 1 << 30];
    Ok(edge::Response::new(
        format!("allocated {} bytes", std::hint::black_box(&block).len()).into(),
    ))
}
