//! The config shim: a component that exports `wasi:config/store` and
//! answers from values written into it, so that a composition whose parts
//! read configuration runs on a host that gives none (`wasmtime serve -S
//! cli`, or no `-S` flag at all with [`proxy_only`](super::proxy_only)).
//!
//! Its memory: the answer area, then a table of `(key, value)` string
//! pairs laid out as the canonical ABI lays out a
//! `list<tuple<string, string>>` (so `get-all` answers with the table
//! itself), then the strings' bytes, then a bump heap for the key a
//! caller passes to `get` (emptied after each call: nothing in it outlives
//! one).

use std::collections::BTreeMap;

use wasm_encoder::{
    BlockType, CodeSection, ExportKind, ExportSection, Function, FunctionSection, Instruction,
    TypeSection, ValType,
};

use super::core_wasm::{HeapModule, bytes_equal_body, realloc_body, word};
use super::shim_encoding::encode_component;

/// Where both functions write their answer (16 bytes).
pub(super) const ANSWER: i32 = 8;
/// Where the table of pairs starts (16 bytes a pair).
const TABLE: u32 = 32;

/// The `wasi:config` package at `version`, as WIT: the interface both the
/// shim and the filter implement.
pub(super) fn config_package(version: &str) -> String {
    format!(
        r#"
package wasi:config@{version} {{
  interface store {{
    variant error {{
      upstream(string),
      io(string),
    }}
    get: func(key: string) -> result<option<string>, error>;
    get-all: func() -> result<list<tuple<string, string>>, error>;
  }}
}}
"#
    )
}

/// The shim's world for the `wasi:config` package at `version` (the
/// version the app imports).
fn world(version: &str) -> String {
    format!(
        r#"
package edge:config-shim@0.1.0;

world shim {{
  export wasi:config/store@{version};
}}
"#
    ) + &config_package(version)
}

/// The shim component exporting `wasi:config/store@{version}` with
/// `values`.
///
/// # Errors
///
/// When the values do not fit a 32-bit memory, or `version` is not a
/// version WIT accepts.
pub(crate) fn config_shim(
    version: &str,
    values: &BTreeMap<String, String>,
) -> anyhow::Result<Vec<u8>> {
    let interface = format!("wasi:config/store@{version}");
    let module = core_module(&interface, values)?;
    encode_component(module, "edge-config-shim.wit", &world(version), "shim")
}

/// The table and the strings, as the bytes that start at [`TABLE`], and
/// where the heap starts after them.
fn laid_out(values: &BTreeMap<String, String>) -> anyhow::Result<(Vec<u8>, u32)> {
    let table_len = u32::try_from(values.len() * 16)?;
    let mut table = Vec::with_capacity(table_len as usize);
    let mut strings = Vec::new();
    let strings_at = TABLE
        .checked_add(table_len)
        .ok_or_else(|| anyhow::anyhow!("too many config values"))?;
    for (key, value) in values {
        for text in [key, value] {
            let at = strings_at
                .checked_add(u32::try_from(strings.len())?)
                .ok_or_else(|| anyhow::anyhow!("the config values exceed 4 GiB"))?;
            table.extend_from_slice(&at.to_le_bytes());
            table.extend_from_slice(&u32::try_from(text.len())?.to_le_bytes());
            strings.extend_from_slice(text.as_bytes());
        }
    }
    table.extend_from_slice(&strings);
    let end = TABLE
        .checked_add(u32::try_from(table.len())?)
        .and_then(|end| end.checked_add(7))
        .ok_or_else(|| anyhow::anyhow!("the config values exceed 4 GiB"))?;
    Ok((table, end & !7))
}

/// The core module: `memory`, `cabi_realloc`, `get` and `get-all`.
fn core_module(interface: &str, values: &BTreeMap<String, String>) -> anyhow::Result<Vec<u8>> {
    let (data, heap_start) = laid_out(values)?;
    let pairs = i32::try_from(values.len())?;

    let mut types = TypeSection::new();
    types.ty().function([ValType::I32; 4], [ValType::I32]); // 0: cabi_realloc
    types.ty().function([ValType::I32; 2], [ValType::I32]); // 1: get
    types.ty().function([], [ValType::I32]); // 2: get-all
    types.ty().function([ValType::I32; 3], [ValType::I32]); // 3: bytes_equal
    let (realloc, get, get_all, bytes_equal) = (0, 1, 2, 3);
    let mut functions = FunctionSection::new();
    for ty in [0, 1, 2, 3] {
        functions.function(ty);
    }

    let heap_bytes = heap_start;
    let heap_start = i32::from_ne_bytes(heap_start.to_ne_bytes());

    let mut code = CodeSection::new();
    code.function(&realloc_body());
    code.function(&get_body(pairs, heap_start, bytes_equal));
    code.function(&get_all_body(pairs));
    code.function(&bytes_equal_body());

    let exports = store_exports(interface, realloc, get, get_all);

    Ok(HeapModule {
        types,
        imports: None,
        functions,
        heap_start: heap_bytes,
        exports,
        code,
        data_at: TABLE,
        data,
    }
    .finish())
}

/// The exports of a module that implements `wasi:config/store`
/// (`interface`, with its version): its memory, its allocator, and the
/// functions `get` and `get_all`.
pub(super) fn store_exports(
    interface: &str,
    realloc: u32,
    get: u32,
    get_all: u32,
) -> ExportSection {
    let mut exports = ExportSection::new();
    exports.export("memory", ExportKind::Memory, 0);
    exports.export("cabi_realloc", ExportKind::Func, realloc);
    exports.export(&format!("{interface}#get"), ExportKind::Func, get);
    exports.export(&format!("{interface}#get-all"), ExportKind::Func, get_all);
    exports
}

/// `get(key_ptr, key_len)`: the first pair whose key has these bytes, as
/// `ok(some(value))`, else `ok(none)`; the heap is emptied either way.
fn get_body(pairs: i32, heap_start: i32, bytes_equal: u32) -> Function {
    let (key, key_len, index, pair) = (0, 1, 2, 3);
    let mut f = Function::new([(2, ValType::I32)]);
    f.instruction(&Instruction::I32Const(heap_start))
        .instruction(&Instruction::GlobalSet(0));
    // ok(...) and none until found.
    for offset in [0, 4] {
        f.instruction(&Instruction::I32Const(ANSWER))
            .instruction(&Instruction::I32Const(0))
            .instruction(&Instruction::I32Store(word(offset)));
    }
    f.instruction(&Instruction::Block(BlockType::Empty))
        .instruction(&Instruction::Loop(BlockType::Empty))
        // Past the last pair: not found.
        .instruction(&Instruction::LocalGet(index))
        .instruction(&Instruction::I32Const(pairs))
        .instruction(&Instruction::I32GeU)
        .instruction(&Instruction::BrIf(1))
        // pair = TABLE + index * 16
        .instruction(&Instruction::I32Const(TABLE as i32))
        .instruction(&Instruction::LocalGet(index))
        .instruction(&Instruction::I32Const(4))
        .instruction(&Instruction::I32Shl)
        .instruction(&Instruction::I32Add)
        .instruction(&Instruction::LocalSet(pair))
        // Same length and same bytes?
        .instruction(&Instruction::LocalGet(pair))
        .instruction(&Instruction::I32Load(word(4)))
        .instruction(&Instruction::LocalGet(key_len))
        .instruction(&Instruction::I32Eq)
        .instruction(&Instruction::If(BlockType::Empty))
        .instruction(&Instruction::LocalGet(pair))
        .instruction(&Instruction::I32Load(word(0)))
        .instruction(&Instruction::LocalGet(key))
        .instruction(&Instruction::LocalGet(key_len))
        .instruction(&Instruction::Call(bytes_equal))
        .instruction(&Instruction::If(BlockType::Empty));
    // some(value)
    f.instruction(&Instruction::I32Const(ANSWER))
        .instruction(&Instruction::I32Const(1))
        .instruction(&Instruction::I32Store(word(4)));
    for (from, to) in [(8, 8), (12, 12)] {
        f.instruction(&Instruction::I32Const(ANSWER))
            .instruction(&Instruction::LocalGet(pair))
            .instruction(&Instruction::I32Load(word(from)))
            .instruction(&Instruction::I32Store(word(to)));
    }
    f.instruction(&Instruction::Br(3))
        .instruction(&Instruction::End)
        .instruction(&Instruction::End)
        .instruction(&Instruction::LocalGet(index))
        .instruction(&Instruction::I32Const(1))
        .instruction(&Instruction::I32Add)
        .instruction(&Instruction::LocalSet(index))
        .instruction(&Instruction::Br(0))
        .instruction(&Instruction::End)
        .instruction(&Instruction::End)
        .instruction(&Instruction::I32Const(ANSWER))
        .instruction(&Instruction::End);
    f
}

/// `get-all()`: `ok(the table)`.
fn get_all_body(pairs: i32) -> Function {
    let mut f = Function::new([]);
    for (offset, value) in [(0, 0), (4, TABLE as i32), (8, pairs)] {
        f.instruction(&Instruction::I32Const(ANSWER))
            .instruction(&Instruction::I32Const(value))
            .instruction(&Instruction::I32Store(word(offset)));
    }
    f.instruction(&Instruction::I32Const(ANSWER))
        .instruction(&Instruction::End);
    f
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use wasmtime::component::{Component, Func, Instance, Linker, Val};
    use wasmtime::{Engine, Store, StoreLimits, StoreLimitsBuilder};

    use super::config_shim;

    use crate::wasi_versions::CONFIG;

    /// The shim with `pairs`, instantiated with 16 MiB of memory at most.
    fn shim(pairs: &[(&str, &str)]) -> (Store<StoreLimits>, Instance) {
        let values: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let bytes = config_shim(CONFIG, &values).expect("the shim encodes");
        let engine = Engine::default();
        let component = Component::new(&engine, bytes).expect("the shim compiles");
        let limits = StoreLimitsBuilder::new().memory_size(16 << 20).build();
        let mut store = Store::new(&engine, limits);
        store.limiter(|limits| limits);
        let instance = Linker::new(&engine)
            .instantiate(&mut store, &component)
            .expect("the shim imports nothing");
        (store, instance)
    }

    fn function(store: &mut Store<StoreLimits>, instance: &Instance, name: &str) -> Func {
        let interface = instance
            .get_export_index(&mut *store, None, &format!("wasi:config/store@{CONFIG}"))
            .expect("the interface");
        let index = instance
            .get_export_index(&mut *store, Some(&interface), name)
            .expect("the function");
        instance.get_func(&mut *store, index).expect("a function")
    }

    /// `get(key)`: `Some(Some(value))`, `Some(None)` for an absent key.
    fn get(
        store: &mut Store<StoreLimits>,
        instance: &Instance,
        key: &str,
    ) -> Option<Option<String>> {
        let get = function(store, instance, "get");
        let mut answer = [Val::Bool(false)];
        get.call(&mut *store, &[Val::String(key.to_owned())], &mut answer)
            .expect("get answers");
        let Val::Result(Ok(Some(option))) = &answer[0] else {
            return None;
        };
        match &**option {
            Val::Option(Some(value)) => match &**value {
                Val::String(value) => Some(Some(value.clone())),
                _ => None,
            },
            Val::Option(None) => Some(None),
            _ => None,
        }
    }

    #[test]
    fn get_answers_each_key_exactly() {
        let (mut store, instance) = shim(&[
            ("auth.token", "s3cret"),
            ("auth.realm", "edge"),
            ("", "empty key"),
            ("émoji", "✓"),
        ]);
        let mut get = |key: &str| get(&mut store, &instance, key);
        assert_eq!(get("auth.token"), Some(Some("s3cret".to_owned())));
        assert_eq!(get("auth.realm"), Some(Some("edge".to_owned())));
        assert_eq!(get("émoji"), Some(Some("✓".to_owned())));
        assert_eq!(get(""), Some(Some("empty key".to_owned())));
        for absent in ["auth", "auth.token.", "AUTH.TOKEN", "auth.tokeN", "x"] {
            assert_eq!(get(absent), Some(None), "{absent}");
        }
    }

    #[test]
    fn with_no_values_every_key_is_absent() {
        let (mut store, instance) = shim(&[]);
        assert_eq!(get(&mut store, &instance, "anything"), Some(None));
        assert_eq!(get(&mut store, &instance, ""), Some(None));
    }

    #[test]
    fn large_keys_grow_the_memory_and_are_forgotten_after_each_call() {
        let (mut store, instance) = shim(&[("k", "v")]);
        let large = "k".repeat(3 << 20);
        for _ in 0..50 {
            assert_eq!(get(&mut store, &instance, &large), Some(None));
        }
        // The heap is emptied after each call: 50 keys of 3 MiB kept would
        // need 150 MiB, past the store's 16 MiB.
        assert_eq!(get(&mut store, &instance, "k"), Some(Some("v".to_owned())));
    }

    #[test]
    fn a_key_larger_than_the_memory_may_grow_traps() {
        let (mut store, instance) = shim(&[("k", "v")]);
        let get = function(&mut store, &instance, "get");
        let mut answer = [Val::Bool(false)];
        let huge = Val::String("k".repeat(20 << 20));
        assert!(get.call(&mut store, &[huge], &mut answer).is_err());
    }

    #[test]
    fn the_allocator_aligns_and_keeps_the_bytes_of_a_resized_block() {
        let values = BTreeMap::from([("k".to_owned(), "v".to_owned())]);
        let module = super::core_module(&format!("wasi:config/store@{CONFIG}"), &values)
            .expect("the module encodes");
        let engine = Engine::default();
        let module = wasmtime::Module::new(&engine, module).expect("the module compiles");
        let mut store = Store::new(&engine, StoreLimits::default());
        let instance =
            wasmtime::Instance::new(&mut store, &module, &[]).expect("it imports nothing");
        let realloc = instance
            .get_typed_func::<(i32, i32, i32, i32), i32>(&mut store, "cabi_realloc")
            .expect("cabi_realloc");
        let memory = instance.get_memory(&mut store, "memory").expect("a memory");
        let first = realloc.call(&mut store, (0, 0, 1, 5)).expect("a block");
        memory
            .write(&mut store, first as usize, b"hello")
            .expect("in bounds");
        let grown = realloc.call(&mut store, (first, 5, 1, 12)).expect("grown");
        assert!(grown >= first + 5, "{grown} overlaps {first}");
        let mut bytes = [0; 5];
        memory
            .read(&store, grown as usize, &mut bytes)
            .expect("in bounds");
        assert_eq!(&bytes, b"hello");
        let shrunk = realloc.call(&mut store, (grown, 12, 1, 3)).expect("shrunk");
        let mut bytes = [0; 3];
        memory
            .read(&store, shrunk as usize, &mut bytes)
            .expect("in bounds");
        assert_eq!(&bytes, b"hel");
        let aligned = realloc.call(&mut store, (0, 0, 8, 1)).expect("a block");
        assert_eq!(aligned % 8, 0);
    }

    #[test]
    fn get_all_answers_every_pair_in_key_order() {
        let (mut store, instance) = shim(&[("b", "2"), ("a", "1"), ("c", "")]);
        let get_all = function(&mut store, &instance, "get-all");
        let mut answer = [Val::Bool(false)];
        get_all
            .call(&mut store, &[], &mut answer)
            .expect("get-all answers");
        let Val::Result(Ok(Some(list))) = &answer[0] else {
            panic!("not ok: {answer:?}");
        };
        let Val::List(pairs) = &**list else {
            panic!("not a list: {list:?}");
        };
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|pair| match pair {
                Val::Tuple(items) => match (&items[0], &items[1]) {
                    (Val::String(k), Val::String(v)) => (k.clone(), v.clone()),
                    other => panic!("not strings: {other:?}"),
                },
                other => panic!("not a tuple: {other:?}"),
            })
            .collect();
        assert_eq!(
            pairs,
            [("a", "1"), ("b", "2"), ("c", "")].map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
    }
}
