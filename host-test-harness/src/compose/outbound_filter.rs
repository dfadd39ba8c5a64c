//! The outbound filter: a component that imports the interface a plugin
//! sends requests with (WASI 0.2's `wasi:http/outgoing-handler`, 0.3's
//! `wasi:http/client`) and exports it again, passing on only the requests
//! to the hosts one part of a composition is granted.
//! [`compose`](super::compose) puts one in front of each plugin that
//! sends requests, inside the composed component, so every host that runs
//! it enforces the grant: a plugin reaches no origin unless the operator
//! names it, whatever the host itself allows the app.
//!
//! A request to another authority (or to none) is dropped unsent and
//! answered `HTTP-request-denied`; a granted one goes to the host as it
//! came. The filter's WIT comes from the plugin itself: its world imports
//! the `wasi:http` the plugin imports, so the types are the plugin's own.
//!
//! Over 0.3, `send` is an `async func`: the filter lifts it and lowers the
//! host's synchronously, so a call waits in the filter for the host's
//! answer (the plugin's own call stays asynchronous to it), and the
//! filter's instance serves one call at a time.
//!
//! Its memory: the answer area, the area the request's authority is read
//! into, the table of granted authorities and their bytes, then a bump
//! heap (the authority's text), emptied at the start of each call.

use wasm_encoder::{
    BlockType, CodeSection, EntityType, ExportKind, ExportSection, Function, FunctionSection,
    ImportSection, Instruction, MemArg, TypeSection, ValType,
};
use wit_parser::{
    Docs, Function as WitFunction, FunctionKind, Handle, Param, Resolve, SizeAlign, Span,
    Stability, Type, TypeDef, TypeDefKind, TypeOwner,
};

use super::config_filter::{Grant, allowed_body, laid_out};
use super::core_wasm::{HeapModule, bytes_equal_body, realloc_body, word};
use super::plugin_wit::PluginWit;
use super::shim_encoding::encode_in;

/// Where the answer to the plugin is written (the result can hold a
/// 64-bit payload: 8-aligned, 40 bytes at most).
const ANSWER: i32 = 8;
/// Where the request's authority is read (an `option<string>`).
const AUTHORITY: i32 = 48;
/// Where the table of granted authorities starts.
const RULES: u32 = 64;

/// WASI 0.2's interface a plugin sends requests with, without its version.
pub(crate) const OUTGOING_HANDLER: &str = "wasi:http/outgoing-handler@";

/// WASI 0.3's, without its version.
pub(crate) const CLIENT: &str = "wasi:http/client@";

/// How each WASI version sends a request.
#[derive(Clone, Copy)]
struct Api {
    /// The interface, without its version.
    interface: &'static str,
    /// Its function: `handle` (0.2) or `send` (0.3).
    function: &'static str,
    /// The request's resource.
    request: &'static str,
    /// The request's method that says its authority.
    authority: &'static str,
    /// Whether the function takes the request's options too (0.2).
    takes_options: bool,
}

const APIS: [Api; 2] = [
    Api {
        interface: OUTGOING_HANDLER,
        function: "handle",
        request: "outgoing-request",
        authority: "[method]outgoing-request.authority",
        takes_options: true,
    },
    Api {
        interface: CLIENT,
        function: "send",
        request: "request",
        authority: "[method]request.get-authority",
        takes_options: false,
    },
];

/// What the filter needs of the plugin's `wasi:http`.
struct Shape {
    /// How its version sends requests.
    api: Api,
    /// The plugin's import of the interface (`wasi:http/outgoing-handler@0.2.6`).
    handler: String,
    /// Its `wasi:http/types`, with the same version.
    types: String,
    /// The case of `error-code` that says a request was refused.
    denied_case: i32,
    /// Where the result's payload starts in the answer.
    payload: u64,
    /// The resolve the plugin's world was decoded into, and the filter's
    /// world in it.
    resolve: Resolve,
    world: wit_parser::WorldId,
}

/// The outbound filter for the plugin of WIT `plugin` (which imports
/// `wasi:http/outgoing-handler` or `wasi:http/client`), passing on the
/// requests to `authorities` alone (`api.example.com`,
/// `api.example.com:8443`, matched whole). `None` if the plugin sends no
/// requests.
///
/// # Errors
///
/// When the filter's world cannot be made of the plugin's, or its handler is not the
/// shape `wasi:http` 0.2 or 0.3 gives it.
pub(crate) fn outbound_filter(
    plugin: &PluginWit,
    authorities: &[String],
) -> anyhow::Result<Option<(String, Vec<u8>)>> {
    let Some(shape) = shape_of(plugin)? else {
        return Ok(None);
    };
    let grants: Vec<Grant> = authorities.iter().cloned().map(Grant::Key).collect();
    let component = encode_in(core_module(&shape, &grants)?, &shape.resolve, shape.world)?;
    Ok(Some((shape.handler, component)))
}

/// The plugin's handler import and what the filter needs of it; `None`
/// if it imports none.
fn shape_of(plugin: &PluginWit) -> anyhow::Result<Option<Shape>> {
    let mut outbound: Vec<(Api, (wit_parser::InterfaceId, String))> = APIS
        .iter()
        .flat_map(|api| {
            plugin
                .imports(api.interface)
                .into_iter()
                .map(move |import| (*api, import))
        })
        .collect();
    if outbound.len() > 1 {
        // One filter per plugin: a second way out would go unfiltered.
        let names: Vec<&str> = outbound
            .iter()
            .map(|(_, (_, name))| name.as_str())
            .collect();
        anyhow::bail!(
            "it imports {} ways to send requests ({}); a plugin may send through one, which \
             the composition limits to its grant",
            names.len(),
            names.join(", ")
        );
    }
    let Some((api, (handler_id, handler))) = outbound.pop() else {
        return Ok(None);
    };
    let mut resolve = plugin.resolve();
    let version = &handler[api.interface.len()..];
    let types = format!("wasi:http/types@{version}");
    let world_text = format!(
        "package edge:outbound-filter;\n\nworld filter {{\n  import {types};\n  \
         import {handler};\n  export {handler};\n}}\n"
    );
    add_authority_method(&mut resolve, &types, api)?;
    let package = resolve.push_str("edge-outbound-filter.wit", &world_text)?;
    let filter = resolve.select_world(&[package], Some("filter"))?;
    let function = api.function;
    let handle = resolve.interfaces[handler_id]
        .functions
        .get(function)
        .ok_or_else(|| anyhow::anyhow!("{handler} has no `{function}`"))?;
    let Some(result) = handle.result else {
        anyhow::bail!("{handler}'s `{function}` returns nothing");
    };
    let TypeDefKind::Result(outcome) = &resolve.types[type_id(&resolve, &result)?].kind else {
        anyhow::bail!("{handler}'s `{function}` does not return a result");
    };
    let error = outcome
        .err
        .ok_or_else(|| anyhow::anyhow!("{handler}'s `{function}` has no error type"))?;
    let TypeDefKind::Variant(cases) = &resolve.types[type_id(&resolve, &error)?].kind else {
        anyhow::bail!("{handler}'s error is not a variant");
    };
    let denied_case = cases
        .cases
        .iter()
        .position(|case| case.name == "HTTP-request-denied")
        .ok_or_else(|| anyhow::anyhow!("{handler}'s error-code has no HTTP-request-denied"))?;
    let mut sizes = SizeAlign::default();
    sizes.fill(&resolve);
    let payload = sizes.align(&result).align_wasm32() as u64;
    let denied_case = i32::try_from(denied_case)?;
    Ok(Some(Shape {
        api,
        handler,
        types,
        denied_case,
        payload,
        resolve,
        world: filter,
    }))
}

/// Makes sure the decoded `types` interface (`wasi:http/types@…`) has the
/// request's authority method (0.2's `[method]outgoing-request.authority`,
/// 0.3's `[method]request.get-authority`), which the filter calls: a
/// decoded component keeps only the functions the plugin itself imports.
fn add_authority_method(resolve: &mut Resolve, types: &str, api: Api) -> anyhow::Result<()> {
    let interface = resolve
        .interfaces
        .iter()
        .find(|(id, _)| resolve.id_of(*id).as_deref() == Some(types))
        .map(|(id, _)| id)
        .ok_or_else(|| anyhow::anyhow!("the plugin imports no {types}"))?;
    let method_name = api.authority;
    if resolve.interfaces[interface]
        .functions
        .contains_key(method_name)
    {
        return Ok(());
    }
    let request = *resolve.interfaces[interface]
        .types
        .get(api.request)
        .ok_or_else(|| anyhow::anyhow!("{types} has no {}", api.request))?;
    let anonymous = |kind| TypeDef {
        name: None,
        kind,
        owner: TypeOwner::None,
        docs: Docs::default(),
        stability: Stability::Unknown,
        span: Span::default(),
        external_id: None,
    };
    let borrowed = resolve
        .types
        .alloc(anonymous(TypeDefKind::Handle(Handle::Borrow(request))));
    let maybe_text = resolve
        .types
        .alloc(anonymous(TypeDefKind::Option(Type::String)));
    let method = WitFunction {
        name: method_name.to_owned(),
        kind: FunctionKind::Method(request),
        params: vec![Param {
            name: "self".to_owned(),
            ty: Type::Id(borrowed),
            span: Span::default(),
        }],
        result: Some(Type::Id(maybe_text)),
        docs: Docs::default(),
        stability: Stability::Unknown,
        span: Span::default(),
        external_id: None,
    };
    resolve.interfaces[interface]
        .functions
        .insert(method_name.to_owned(), method);
    Ok(())
}

/// The type `ty` names, through `use` aliases.
fn type_id(resolve: &Resolve, ty: &Type) -> anyhow::Result<wit_parser::TypeId> {
    let &Type::Id(mut id) = ty else {
        anyhow::bail!("unexpected type {ty:?}");
    };
    while let TypeDefKind::Type(Type::Id(aliased)) = resolve.types[id].kind {
        id = aliased;
    }
    Ok(id)
}

/// The core module: the host's `handle` (or `send`), the request's
/// authority and the drops imported; `memory`, `cabi_realloc` and the
/// filtered function exported.
fn core_module(shape: &Shape, grants: &[Grant]) -> anyhow::Result<Vec<u8>> {
    let (data, heap_start) = laid_out(RULES, grants)?;
    let rules = i32::try_from(grants.len())?;
    let api = shape.api;
    // The request, then its options over 0.2 (a flag and a handle).
    let params = if api.takes_options { 3 } else { 1 };

    let mut types = TypeSection::new();
    types.ty().function(vec![ValType::I32; params + 1], []); // 0: the host's function
    types.ty().function([ValType::I32; 2], []); // 1: authority
    types.ty().function([ValType::I32], []); // 2: a resource drop
    types.ty().function([ValType::I32; 4], [ValType::I32]); // 3: cabi_realloc
    types.ty().function([ValType::I32; 3], [ValType::I32]); // 4: bytes_equal
    types.ty().function([ValType::I32; 2], [ValType::I32]); // 5: allowed
    types
        .ty()
        .function(vec![ValType::I32; params], [ValType::I32]); // 6: the filtered function
    let mut imports = ImportSection::new();
    imports.import(&shape.handler, api.function, EntityType::Function(0));
    let drop_request = format!("[resource-drop]{}", api.request);
    let mut methods = vec![(api.authority, 1), (drop_request.as_str(), 2)];
    if api.takes_options {
        methods.push(("[resource-drop]request-options", 2));
    }
    for (name, ty) in &methods {
        imports.import(&shape.types, name, EntityType::Function(*ty));
    }
    let imported = u32::try_from(methods.len())? + 1;
    let (host_call, authority, drop_request) = (0, 1, 2);
    let drop_options = api.takes_options.then_some(3);
    let (realloc, filtered, bytes_equal, allowed) =
        (imported, imported + 1, imported + 2, imported + 3);
    let mut functions = FunctionSection::new();
    for ty in [3, 6, 4, 5] {
        functions.function(ty);
    }
    let heap_bytes = heap_start;
    let heap_start = i32::from_ne_bytes(heap_start.to_ne_bytes());

    let calls = Calls {
        host_call,
        authority,
        drop_request,
        drop_options,
        allowed,
    };
    let mut code = CodeSection::new();
    code.function(&realloc_body());
    code.function(&filtered_body(shape, heap_start, &calls));
    code.function(&bytes_equal_body());
    code.function(&allowed_body(RULES, rules, bytes_equal));

    let mut exports = ExportSection::new();
    exports.export("memory", ExportKind::Memory, 0);
    exports.export("cabi_realloc", ExportKind::Func, realloc);
    exports.export(
        &format!("{}#{}", shape.handler, api.function),
        ExportKind::Func,
        filtered,
    );

    Ok(HeapModule {
        types,
        imports: Some(imports),
        functions,
        heap_start: heap_bytes,
        exports,
        code,
        data_at: RULES,
        data,
    }
    .finish())
}

/// The functions the filtered function calls.
struct Calls {
    host_call: u32,
    authority: u32,
    drop_request: u32,
    /// Over 0.2: the options' drop.
    drop_options: Option<u32>,
    allowed: u32,
}

/// `handle(request, has_options, options)` (0.2) or `send(request)`
/// (0.3): the host's answer for a request to a granted authority; else
/// the request (and its options) dropped unsent, and
/// `err(HTTP-request-denied)`.
fn filtered_body(shape: &Shape, heap_start: i32, calls: &Calls) -> Function {
    let request = 0;
    let params: &[u32] = if shape.api.takes_options {
        &[0, 1, 2]
    } else {
        &[0]
    };
    let byte = MemArg {
        offset: 0,
        align: 0,
        memory_index: 0,
    };
    let mut f = Function::new([]);
    f.instruction(&Instruction::I32Const(heap_start))
        .instruction(&Instruction::GlobalSet(0))
        .instruction(&Instruction::LocalGet(request))
        .instruction(&Instruction::I32Const(AUTHORITY))
        .instruction(&Instruction::Call(calls.authority))
        // some(authority), and granted?
        .instruction(&Instruction::I32Const(AUTHORITY))
        .instruction(&Instruction::I32Load8U(byte))
        .instruction(&Instruction::If(BlockType::Result(ValType::I32)))
        .instruction(&Instruction::I32Const(AUTHORITY))
        .instruction(&Instruction::I32Load(word(4)))
        .instruction(&Instruction::I32Const(AUTHORITY))
        .instruction(&Instruction::I32Load(word(8)))
        .instruction(&Instruction::Call(calls.allowed))
        .instruction(&Instruction::Else)
        .instruction(&Instruction::I32Const(0))
        .instruction(&Instruction::End)
        .instruction(&Instruction::If(BlockType::Empty));
    for &param in params {
        f.instruction(&Instruction::LocalGet(param));
    }
    f.instruction(&Instruction::I32Const(ANSWER))
        .instruction(&Instruction::Call(calls.host_call))
        .instruction(&Instruction::I32Const(ANSWER))
        .instruction(&Instruction::Return)
        .instruction(&Instruction::End);
    // Refused: nothing of the request is kept or sent.
    f.instruction(&Instruction::LocalGet(request))
        .instruction(&Instruction::Call(calls.drop_request));
    if let Some(drop_options) = calls.drop_options {
        let (has_options, options) = (1, 2);
        f.instruction(&Instruction::LocalGet(has_options))
            .instruction(&Instruction::If(BlockType::Empty))
            .instruction(&Instruction::LocalGet(options))
            .instruction(&Instruction::Call(drop_options))
            .instruction(&Instruction::End);
    }
    let byte_store = MemArg {
        offset: 0,
        align: 0,
        memory_index: 0,
    };
    // err(...): the result's case, then the error's case.
    f.instruction(&Instruction::I32Const(ANSWER))
        .instruction(&Instruction::I32Const(1))
        .instruction(&Instruction::I32Store8(byte_store))
        .instruction(&Instruction::I32Const(ANSWER))
        .instruction(&Instruction::I32Const(shape.denied_case))
        .instruction(&Instruction::I32Store8(MemArg {
            offset: shape.payload,
            align: 0,
            memory_index: 0,
        }))
        .instruction(&Instruction::I32Const(ANSWER))
        .instruction(&Instruction::End);
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The WIT of a plugin whose world imports `interfaces` (each
    /// `package:name/interface@version`, declared here with one function).
    fn plugin_importing(interfaces: &[(&str, &str, &str)]) -> PluginWit {
        let mut resolve = Resolve::default();
        for (package, interface, function) in interfaces {
            resolve
                .push_str(
                    "dep.wit",
                    &format!(
                        "package {package};\ninterface {interface} {{\n  {function}: func();\n}}\n"
                    ),
                )
                .expect("the dependency parses");
        }
        let imports: String = interfaces
            .iter()
            .map(|(package, interface, _)| {
                let (name, version) = package.split_once('@').expect("versioned");
                format!("  import {name}/{interface}@{version};\n")
            })
            .collect();
        let package = resolve
            .push_str(
                "plugin.wit",
                &format!("package edge:plugin;\nworld plugin {{\n{imports}}}\n"),
            )
            .expect("the world parses");
        let world = resolve
            .select_world(&[package], Some("plugin"))
            .expect("the world");
        PluginWit::of(resolve, world)
    }

    #[test]
    fn a_plugin_with_two_ways_out_is_refused() {
        let plugin = plugin_importing(&[
            ("wasi:http@0.2.6", "outgoing-handler", "handle"),
            ("wasi:http@0.3.0", "client", "send"),
        ]);
        let error = outbound_filter(&plugin, &[]).expect_err("refused");
        let text = format!("{error:#}");
        assert!(
            text.contains("imports 2 ways to send requests")
                && text.contains("wasi:http/outgoing-handler@0.2.6")
                && text.contains("wasi:http/client@0.3.0"),
            "{text}"
        );
    }

    #[test]
    fn a_plugin_without_a_way_out_gets_no_filter() {
        let plugin = plugin_importing(&[("wasi:cli@0.2.6", "environment", "get")]);
        assert!(outbound_filter(&plugin, &[]).expect("fine").is_none());
    }
}
