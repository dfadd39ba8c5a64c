//! Burns CPU forever: the host's deadline must stop it.

pub(crate) fn forever() -> edge::Result<edge::Response> {
    let mut n: u64 = 0;
    loop {
        n = std::hint::black_box(n.wrapping_add(1));
    }
}
