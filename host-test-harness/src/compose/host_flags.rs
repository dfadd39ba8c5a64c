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

/// Whether the import `name` (`wasi:io/poll@0.2.6`) is in the proxy world
/// at a 0.2 version.
pub(crate) fn in_proxy_world(name: &str) -> bool {
    name.split_once("@0.2.")
        .is_some_and(|(interface, _)| PROXY_WORLD.contains(&interface))
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
        let flag = if in_proxy_world(import) {
            continue;
        } else if import.starts_with("wasi:keyvalue/") {
            "-S keyvalue"
        } else if import.starts_with("wasi:config/") {
            "-S config"
        } else if import.starts_with("wasi:") {
            "-S cli"
        } else {
            return format!("no standard host: {import} is not a WASI interface");
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
