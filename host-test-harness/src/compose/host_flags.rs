//! What a host must give a component: the `wasmtime serve` flags its
//! imports need.

/// The interfaces of the `wasi:http/proxy` world (0.2), which every
/// `wasi:http` host gives, `wasmtime serve` with no `-S` flag included.
const PROXY_WORLD: [&str; 11] = [
    "wasi:http/types",
    "wasi:http/outgoing-handler",
    "wasi:io/error",
    "wasi:io/poll",
    "wasi:io/streams",
    "wasi:clocks/monotonic-clock",
    "wasi:clocks/wall-clock",
    "wasi:random/random",
    "wasi:cli/stdout",
    "wasi:cli/stderr",
    "wasi:cli/stdin",
];

/// The imports of the `wasi:http/service` world (0.3), which every
/// `wasi:http` 0.3 host gives, `wasmtime serve` 48 with no `-S` flag
/// included.
const SERVICE_WORLD: [&str; 13] = [
    "wasi:http/types",
    "wasi:http/client",
    "wasi:cli/types",
    "wasi:cli/stdout",
    "wasi:cli/stderr",
    "wasi:cli/stdin",
    "wasi:clocks/types",
    "wasi:clocks/monotonic-clock",
    "wasi:clocks/system-clock",
    "wasi:clocks/timezone",
    "wasi:random/random",
    "wasi:random/insecure",
    "wasi:random/insecure-seed",
];

/// Whether the import `name` (`wasi:io/poll@0.2.6`) is in the proxy world
/// at a 0.2 version, or in the service world at a 0.3 version.
pub(crate) fn in_proxy_world(name: &str) -> bool {
    name.split_once("@0.2.")
        .is_some_and(|(interface, _)| PROXY_WORLD.contains(&interface))
        || name
            .split_once("@0.3.")
            .is_some_and(|(interface, _)| SERVICE_WORLD.contains(&interface))
}

/// The `wasmtime serve` command line that runs a component with these
/// imports, or why none does.
///
/// ```
/// use edge_harness::compose::host_command;
///
/// assert_eq!(host_command(["wasi:http/types@0.2.6", "wasi:io/poll@0.2.6"]), "wasmtime serve");
/// assert_eq!(
///     host_command(["wasi:cli/environment@0.2.6", "wasi:keyvalue/store@0.2.0-draft"]),
///     "wasmtime serve -S cli -S keyvalue"
/// );
/// assert_eq!(
///     host_command(["acme:cache/store@1.0.0"]),
///     "no standard host: acme:cache/store@1.0.0 is not a WASI interface"
/// );
/// ```
pub fn host_command<'a>(imports: impl IntoIterator<Item = &'a str>) -> String {
    let mut flags: Vec<&str> = Vec::new();
    for import in imports {
        let flag = match host_need(import) {
            HostNeed::ProxyWorld => continue,
            HostNeed::Flag(flag) => flag,
            HostNeed::NotWasi => {
                return format!("no standard host: {import} is not a WASI interface");
            }
        };
        if !flags.contains(&flag) {
            flags.push(flag);
        }
    }
    flags.sort_unstable();
    std::iter::once("wasmtime serve")
        .chain(flags)
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a host must give for one import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostNeed {
    /// An interface of the `wasi:http/proxy` world (or of 0.3's
    /// `wasi:http/service`): every `wasi:http` host of that version gives it.
    ProxyWorld,
    /// A standard interface `wasmtime serve` gives with this flag
    /// (`-S cli`, `-S keyvalue`, `-S config`).
    Flag(&'static str),
    /// Not a WASI interface: only a host that knows it runs the component.
    NotWasi,
}

/// What a host must give for the import `name` (`wasi:io/poll@0.2.6`).
///
/// ```
/// use edge_harness::compose::{HostNeed, host_need};
///
/// assert_eq!(host_need("wasi:io/poll@0.2.6"), HostNeed::ProxyWorld);
/// assert_eq!(host_need("wasi:config/store@0.2.0-rc.1"), HostNeed::Flag("-S config"));
/// assert_eq!(host_need("acme:cache/store@1.0.0"), HostNeed::NotWasi);
/// ```
pub fn host_need(name: &str) -> HostNeed {
    if in_proxy_world(name) {
        HostNeed::ProxyWorld
    } else if name.starts_with("wasi:keyvalue/") {
        HostNeed::Flag("-S keyvalue")
    } else if name.starts_with("wasi:config/") {
        HostNeed::Flag("-S config")
    } else if name.starts_with("wasi:") {
        HostNeed::Flag("-S cli")
    } else {
        HostNeed::NotWasi
    }
}
