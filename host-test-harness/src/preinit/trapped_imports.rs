//! Every import of a component the initialization host does not give,
//! defined as a trap that names the import.

use wasmtime::component::types::ComponentItem;
use wasmtime::component::{Component, Linker, ResourceType};

/// The interfaces the initialization may use: output, and the streams it
/// is written to. Matched without their version, as the linker matches
/// `wasi:cli/stderr@0.2.6` to the host's `@0.2.12`.
const GIVEN: [&str; 5] = [
    "wasi:io/error",
    "wasi:io/poll",
    "wasi:io/streams",
    "wasi:cli/stdout",
    "wasi:cli/stderr",
];

/// What a trap's message starts with; [`called_import`] reads it back.
const CALLED: &str = "the initialization called `";

/// Defines every function `component` imports, outside [`GIVEN`], as a
/// trap that names it; the resources of those interfaces as stand-ins.
pub(super) fn define<T: 'static>(
    linker: &mut Linker<T>,
    component: &Component,
) -> anyhow::Result<()> {
    let engine = component.engine().clone();
    let ty = component.component_type();
    let is_given =
        |interface: &str| GIVEN.contains(&interface.split('@').next().unwrap_or(interface));
    // Resources of the given interfaces that others `use` (a stream in
    // `wasi:cli/stdin`): those keep the host's real type.
    let mut given_resources = Vec::new();
    for (interface, item) in ty.imports(&engine) {
        if let (true, ComponentItem::ComponentInstance(instance)) = (is_given(interface), item.ty) {
            for (_, export) in instance.exports(&engine) {
                if let ComponentItem::Resource(resource) = export.ty {
                    given_resources.push(resource);
                }
            }
        }
    }
    for (interface, item) in ty.imports(&engine) {
        if is_given(interface) {
            continue;
        }
        let ComponentItem::ComponentInstance(instance) = item.ty else {
            anyhow::bail!("the component imports `{interface}`, which is not an interface");
        };
        let mut scope = linker.instance(interface)?;
        for (name, export) in instance.exports(&engine) {
            match export.ty {
                // An `async func` (WASI 0.3's outbound `send`) takes a
                // concurrent host function; the trap is the same.
                ComponentItem::ComponentFunc(func) if func.async_() => {
                    let import = format!("{interface}#{name}");
                    scope.func_new_concurrent(name, move |_, _, _, _| {
                        let import = import.clone();
                        Box::pin(async move { wasmtime::bail!("{CALLED}{import}`") })
                    })?;
                }
                ComponentItem::ComponentFunc(_) => {
                    let import = format!("{interface}#{name}");
                    scope.func_new(name, move |_, _, _, _| wasmtime::bail!("{CALLED}{import}`"))?;
                }
                ComponentItem::Resource(resource) if !given_resources.contains(&resource) => {
                    scope.resource(name, ResourceType::host::<()>(), |_, _| Ok(()))?;
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// The import a trap of [`define`] named, if `error` is one.
pub(super) fn called_import(error: &wasmtime::Error) -> Option<String> {
    error.chain().find_map(|cause| {
        let text = cause.to_string();
        let start = text.find(CALLED)? + CALLED.len();
        let len = text[start..].find('`')?;
        Some(text[start..start + len].to_owned())
    })
}
