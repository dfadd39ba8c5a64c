//! Recurses without end: the guest's stack overflows and the instance traps.

pub(crate) fn bottomless() -> edge::Result<edge::Response> {
    let depth = descend(std::hint::black_box(0));
    Ok(edge::Response::new(
        format!("returned from depth {depth}").into(),
    ))
}

fn descend(depth: u64) -> u64 {
    if depth == u64::MAX {
        return 0; // never: the stack runs out first
    }
    // A frame the optimiser cannot fold away: a buffer it must keep.
    let frame = std::hint::black_box([depth; 16]);
    descend(frame[depth as usize % 16] + 1) + 1
}
