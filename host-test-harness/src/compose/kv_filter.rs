//! The key-value filter: a component that imports the `wasi:keyvalue`
//! interfaces a plugin uses and exports them again, so that every store
//! the plugin opens is its own. [`compose`](super::compose) puts one in
//! front of each plugin that uses key-value stores, inside the composed
//! component: the plugin `rate-limit` opening `""` (the default store)
//! opens `rate-limit/` on the host, and `sessions` opens
//! `rate-limit/sessions`. No other part's data is reachable from it, on
//! any host; a host that gives no such store answers `no-such-store`.
//!
//! The filter defines its own `bucket` resource, whose representation is
//! the host's handle: every other function is passed on as it came (its
//! arguments are already in the filter's memory, the host's answer lands
//! there too). Its WIT is the plugin's own: the functions it uses, no more.
//!
//! Its memory: the answer area, the plugin's name and `/`, then a bump
//! heap, emptied at the start of each call.

use wasm_encoder::{
    CodeSection, EntityType, ExportKind, ExportSection, Function, FunctionSection, ImportSection,
    Instruction, TypeSection, ValType,
};
use wit_parser::abi::{AbiVariant, WasmType};

use super::core_wasm::{HeapModule, realloc_body, word};
use super::plugin_wit::PluginWit;
use super::shim_encoding::encode_in;

/// Where every answer is written (8-aligned; the largest result of these
/// interfaces, `list-keys`', takes 32 bytes).
const ANSWER: i32 = 8;
/// Where the plugin's namespace (`name/`) is kept.
const NAMESPACE: u32 = 64;

/// The key-value package, without its interface and version.
pub(crate) const KEYVALUE: &str = "wasi:keyvalue/";

/// The key-value filter for the plugin of WIT `plugin`, whose stores are named
/// under `name/`: the interfaces it filters (`wasi:keyvalue/store@…` and
/// the others the plugin imports) and the component. `None` if the plugin
/// uses no store.
///
/// # Errors
///
/// When the filter's world cannot be made of the plugin's, or it uses a function whose
/// shape the filter cannot pass on (a resource other than `bucket`).
pub(crate) fn kv_filter(
    plugin: &PluginWit,
    name: &str,
) -> anyhow::Result<Option<(Vec<String>, Vec<u8>)>> {
    let interfaces = plugin.imports(KEYVALUE);
    let Some((_, store)) = interfaces
        .iter()
        .find(|(_, name)| name.starts_with("wasi:keyvalue/store@"))
        .cloned()
    else {
        return Ok(None);
    };
    let mut resolve = plugin.resolve();
    let mut world_text = String::from("package edge:kv-filter;\n\nworld filter {\n");
    for (_, interface) in &interfaces {
        world_text.push_str(&format!("  import {interface};\n  export {interface};\n"));
    }
    world_text.push_str("}\n");
    let package = resolve.push_str("edge-kv-filter.wit", &world_text)?;
    let filter = resolve.select_world(&[package], Some("filter"))?;

    let mut forwards = Vec::new();
    for (id, interface) in &interfaces {
        for (function, func) in &resolve.interfaces[*id].functions {
            let import = resolve.wasm_signature(AbiVariant::GuestImport, func);
            let export = resolve.wasm_signature(AbiVariant::GuestExport, func);
            if import.indirect_params || export.indirect_params {
                anyhow::bail!("{interface}#{function}: too many parameters to pass on");
            }
            forwards.push(Forward {
                interface: interface.clone(),
                function: function.clone(),
                import: core_types(&import.params),
                import_results: core_types(&import.results),
                export: core_types(&export.params),
                export_results: core_types(&export.results),
                retptr: import.retptr,
            });
        }
    }
    let component = encode_in(core_module(&store, name, &forwards)?, &resolve, filter)?;
    let names = interfaces.into_iter().map(|(_, name)| name).collect();
    Ok(Some((names, component)))
}

/// One function passed on: where it is, its core signatures as imported
/// from the host and as exported to the plugin.
struct Forward {
    interface: String,
    function: String,
    import: Vec<ValType>,
    import_results: Vec<ValType>,
    export: Vec<ValType>,
    export_results: Vec<ValType>,
    /// Whether the host's answer is written to a return area.
    retptr: bool,
}

fn core_types(types: &[WasmType]) -> Vec<ValType> {
    types
        .iter()
        .map(|ty| match ty {
            WasmType::I64 | WasmType::PointerOrI64 => ValType::I64,
            WasmType::F32 => ValType::F32,
            WasmType::F64 => ValType::F64,
            WasmType::I32 | WasmType::Pointer | WasmType::Length => ValType::I32,
        })
        .collect()
}

/// The core module: the host's functions, its bucket's drop and the
/// filter's own bucket intrinsics imported; `memory`, `cabi_realloc`,
/// every function passed on and the bucket's destructor exported.
fn core_module(store: &str, name: &str, forwards: &[Forward]) -> anyhow::Result<Vec<u8>> {
    let namespace = format!("{name}/");
    let heap_start = (NAMESPACE + u32::try_from(namespace.len())? + 7) & !7;

    let mut types = TypeSection::new();
    let mut imports = ImportSection::new();
    let mut type_count = 0u32;
    let mut new_type = |types: &mut TypeSection, params: &[ValType], results: &[ValType]| {
        types
            .ty()
            .function(params.iter().copied(), results.iter().copied());
        type_count += 1;
        type_count - 1
    };
    // Imports: each function's host version, then the drop and the new.
    for forward in forwards {
        let ty = new_type(&mut types, &forward.import, &forward.import_results);
        imports.import(
            &forward.interface,
            &forward.function,
            EntityType::Function(ty),
        );
    }
    let one_i32 = new_type(&mut types, &[ValType::I32], &[]);
    let i32_to_i32 = new_type(&mut types, &[ValType::I32], &[ValType::I32]);
    imports.import(
        store,
        "[resource-drop]bucket",
        EntityType::Function(one_i32),
    );
    imports.import(
        &format!("[export]{store}"),
        "[resource-new]bucket",
        EntityType::Function(i32_to_i32),
    );
    let imported = u32::try_from(forwards.len())?;
    let (host_drop, new_bucket) = (imported, imported + 1);
    let mut next = imported + 2;

    let mut functions = FunctionSection::new();
    let mut code = CodeSection::new();
    let mut exports = ExportSection::new();
    let realloc_ty = new_type(&mut types, &[ValType::I32; 4], &[ValType::I32]);
    functions.function(realloc_ty);
    code.function(&realloc_body());
    exports.export("memory", ExportKind::Memory, 0);
    exports.export("cabi_realloc", ExportKind::Func, next);
    let realloc = next;
    next += 1;
    functions.function(one_i32);
    let mut dtor = Function::new([]);
    dtor.instruction(&Instruction::LocalGet(0))
        .instruction(&Instruction::Call(host_drop))
        .instruction(&Instruction::End);
    code.function(&dtor);
    exports.export(&format!("{store}#[dtor]bucket"), ExportKind::Func, next);
    next += 1;

    let calls = Calls {
        heap_start: i32::try_from(heap_start)?,
        namespace_len: i32::try_from(namespace.len())?,
        realloc,
        new_bucket,
    };
    for (index, forward) in forwards.iter().enumerate() {
        let ty = new_type(&mut types, &forward.export, &forward.export_results);
        functions.function(ty);
        let host = u32::try_from(index)?;
        let body = if forward.interface == store && forward.function == "open" {
            open_body(host, &calls)
        } else {
            pass_on_body(host, forward, &calls)
        };
        code.function(&body);
        exports.export(
            &format!("{}#{}", forward.interface, forward.function),
            ExportKind::Func,
            next,
        );
        next += 1;
    }

    Ok(HeapModule {
        types,
        imports: Some(imports),
        functions,
        heap_start,
        exports,
        code,
        data_at: NAMESPACE,
        data: namespace.into_bytes(),
    }
    .finish())
}

/// What the bodies call and where things are.
struct Calls {
    heap_start: i32,
    namespace_len: i32,
    realloc: u32,
    new_bucket: u32,
}

/// A function passed on as it came: the heap emptied (the arguments in it
/// are read by the host before it answers), the host's function called
/// with the same arguments (a bucket's representation is the host's
/// handle), its answer given back.
fn pass_on_body(host: u32, forward: &Forward, calls: &Calls) -> Function {
    let mut f = Function::new([]);
    f.instruction(&Instruction::I32Const(calls.heap_start))
        .instruction(&Instruction::GlobalSet(0));
    for local in 0..forward.export.len() {
        f.instruction(&Instruction::LocalGet(u32::try_from(local).unwrap_or(0)));
    }
    if forward.retptr {
        f.instruction(&Instruction::I32Const(ANSWER))
            .instruction(&Instruction::Call(host))
            .instruction(&Instruction::I32Const(ANSWER));
    } else {
        f.instruction(&Instruction::Call(host));
    }
    f.instruction(&Instruction::End);
    f
}

/// `open(identifier)`: the host's store `name/identifier`; its bucket
/// wrapped as the filter's own.
fn open_body(host: u32, calls: &Calls) -> Function {
    let (identifier, len, named) = (0, 1, 2);
    let mut f = Function::new([(1, ValType::I32)]);
    // named = a fresh block at the heap's start, long enough for both.
    f.instruction(&Instruction::I32Const(calls.heap_start))
        .instruction(&Instruction::GlobalSet(0))
        .instruction(&Instruction::I32Const(0))
        .instruction(&Instruction::I32Const(0))
        .instruction(&Instruction::I32Const(1))
        .instruction(&Instruction::I32Const(calls.namespace_len))
        .instruction(&Instruction::LocalGet(len))
        .instruction(&Instruction::I32Add)
        .instruction(&Instruction::Call(calls.realloc))
        .instruction(&Instruction::LocalSet(named))
        // The identifier first (it may lie where the namespace goes).
        .instruction(&Instruction::LocalGet(named))
        .instruction(&Instruction::I32Const(calls.namespace_len))
        .instruction(&Instruction::I32Add)
        .instruction(&Instruction::LocalGet(identifier))
        .instruction(&Instruction::LocalGet(len))
        .instruction(&Instruction::MemoryCopy {
            src_mem: 0,
            dst_mem: 0,
        })
        .instruction(&Instruction::LocalGet(named))
        .instruction(&Instruction::I32Const(NAMESPACE as i32))
        .instruction(&Instruction::I32Const(calls.namespace_len))
        .instruction(&Instruction::MemoryCopy {
            src_mem: 0,
            dst_mem: 0,
        })
        .instruction(&Instruction::LocalGet(named))
        .instruction(&Instruction::I32Const(calls.namespace_len))
        .instruction(&Instruction::LocalGet(len))
        .instruction(&Instruction::I32Add)
        .instruction(&Instruction::I32Const(ANSWER))
        .instruction(&Instruction::Call(host))
        // ok(bucket): the host's handle becomes the filter's bucket.
        .instruction(&Instruction::I32Const(ANSWER))
        .instruction(&Instruction::I32Load8U(wasm_encoder::MemArg {
            offset: 0,
            align: 0,
            memory_index: 0,
        }))
        .instruction(&Instruction::I32Eqz)
        .instruction(&Instruction::If(wasm_encoder::BlockType::Empty))
        .instruction(&Instruction::I32Const(ANSWER))
        .instruction(&Instruction::I32Const(ANSWER))
        .instruction(&Instruction::I32Load(word(4)))
        .instruction(&Instruction::Call(calls.new_bucket))
        .instruction(&Instruction::I32Store(word(4)))
        .instruction(&Instruction::End)
        .instruction(&Instruction::I32Const(ANSWER))
        .instruction(&Instruction::End);
    f
}
