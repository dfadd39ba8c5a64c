//! The machine's memory, so that `edge serve` never promises its instance
//! slots more guest memory than the machine has.

/// The machine's physical memory in bytes, from `/proc/meminfo`; `None`
/// where that cannot be read.
pub(super) fn physical_bytes() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    parse_mem_total(&info)
}

fn parse_mem_total(info: &str) -> Option<u64> {
    let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_mem_total() {
        let info = "MemTotal:       24589944 kB\nMemFree:         1000 kB\n";
        assert_eq!(parse_mem_total(info), Some(24_589_944 * 1024));
        assert_eq!(parse_mem_total("nothing"), None);
    }
}
