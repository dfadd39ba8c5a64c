//! The memory this process may use, so that `edge serve` never promises
//! its instance slots more guest memory than it can have: the machine's
//! physical memory, or less if the process's control group caps it (a
//! container's memory limit).

use std::path::Path;

/// The memory this process may use, in bytes: the smaller of the
/// machine's (`/proc/meminfo`) and its control group's limit (cgroup v2
/// `memory.max`, v1 `memory.limit_in_bytes`); `None` where neither can be
/// read. The second value says which one it is.
pub(super) fn usable_bytes() -> Option<(u64, &'static str)> {
    let machine = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| parse_mem_total(&info));
    let group = std::fs::read_to_string("/proc/self/cgroup")
        .ok()
        .and_then(|groups| cgroup_limit(&groups, Path::new("/sys/fs/cgroup")));
    match (machine, group) {
        (Some(m), Some(g)) if g < m => Some((g, "control group's memory limit")),
        (Some(m), _) => Some((m, "machine's memory")),
        (None, Some(g)) => Some((g, "control group's memory limit")),
        (None, None) => None,
    }
}

fn parse_mem_total(info: &str) -> Option<u64> {
    let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// The memory limit of the control group `/proc/self/cgroup` names, read
/// under `root`; `None` when unlimited or unreadable.
fn cgroup_limit(groups: &str, root: &Path) -> Option<u64> {
    for line in groups.lines() {
        let mut parts = line.splitn(3, ':');
        let (Some(_), Some(controllers), Some(path)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let path = path.trim_start_matches('/');
        let file = if controllers.is_empty() {
            root.join(path).join("memory.max")
        } else if controllers.split(',').any(|c| c == "memory") {
            root.join("memory").join(path).join("memory.limit_in_bytes")
        } else {
            continue;
        };
        if let Some(limit) = std::fs::read_to_string(file)
            .ok()
            .and_then(|text| parse_limit(&text))
        {
            return Some(limit);
        }
    }
    None
}

/// A cgroup memory limit: `max` (v2) or a page-rounded `i64::MAX` (v1)
/// mean none.
fn parse_limit(text: &str) -> Option<u64> {
    let limit: u64 = text.trim().parse().ok()?;
    (limit < 1 << 62).then_some(limit)
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

    #[test]
    fn unlimited_groups_have_no_limit() {
        assert_eq!(parse_limit("max\n"), None);
        assert_eq!(parse_limit("9223372036854771712\n"), None);
        assert_eq!(parse_limit("2147483648\n"), Some(2 << 30));
    }

    #[test]
    fn reads_the_limit_of_a_v2_and_a_v1_group() {
        let root = std::env::temp_dir().join(format!("edge-cgroup-{}", std::process::id()));
        let v2 = root.join("app.slice");
        let v1 = root.join("memory/box");
        std::fs::create_dir_all(&v2).expect("v2 dir");
        std::fs::create_dir_all(&v1).expect("v1 dir");
        std::fs::write(v2.join("memory.max"), "1073741824\n").expect("v2 limit");
        std::fs::write(v1.join("memory.limit_in_bytes"), "536870912\n").expect("v1 limit");

        assert_eq!(cgroup_limit("0::/app.slice\n", &root), Some(1 << 30));
        assert_eq!(
            cgroup_limit("5:cpu:/\n4:memory:/box\n0::/\n", &root),
            Some(512 << 20)
        );
        assert_eq!(cgroup_limit("0::/nowhere\n", &root), None);
        let _ = std::fs::remove_dir_all(&root);
    }
}
