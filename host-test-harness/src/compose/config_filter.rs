//! The config filter: a component that imports `wasi:config/store` and
//! exports it again, answering only for the keys one part of a
//! composition is granted. [`compose`](super::compose) puts one in front
//! of each plugin that reads configuration, inside the composed
//! component, so every host that runs it enforces the grant: a plugin
//! reads the keys under its own name (`auth.` for the plugin `auth`), and
//! no other part's (`db.password`).
//!
//! `get` of a key outside the grant answers `none` without asking the
//! host; `get-all` asks the host and keeps the pairs inside the grant. An
//! error of the host passes through as it is.
//!
//! Its memory: the answer area, then the table of rules (`(bytes, len,
//! exact)`, 12 bytes a rule) and their bytes, then a bump heap for what
//! the calls bring in (the caller's key, the host's answer), emptied at
//! the start of each call.

use wasm_encoder::{
    BlockType, CodeSection, EntityType, Function, FunctionSection, ImportSection, Instruction,
    MemArg, TypeSection, ValType,
};

use super::config_shim::{ANSWER, config_package, store_exports};
use super::core_wasm::{HeapModule, bytes_equal_body, increment, realloc_body, word};
use super::shim_encoding::encode_component;

/// Where the table of rules starts.
const RULES: u32 = 32;

/// Which keys a part may read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Grant {
    /// The keys that start with these bytes (`auth.`).
    Prefix(String),
    /// This key alone.
    Key(String),
}

/// The filter's world for the `wasi:config` package at `version`: the
/// interface imported from the host and exported to the part.
fn world(version: &str) -> String {
    format!(
        r#"
package edge:config-filter@0.1.0;

world filter {{
  import wasi:config/store@{version};
  export wasi:config/store@{version};
}}
"#
    ) + &config_package(version)
}

/// The filter component for `wasi:config/store@{version}` that answers
/// the keys of `grants` alone.
///
/// # Errors
///
/// When the grants do not fit a 32-bit memory, or `version` is not a
/// version WIT accepts.
pub(crate) fn config_filter(version: &str, grants: &[Grant]) -> anyhow::Result<Vec<u8>> {
    let interface = format!("wasi:config/store@{version}");
    let module = core_module(&interface, grants)?;
    encode_component(module, "edge-config-filter.wit", &world(version), "filter")
}

/// The table of rules and their bytes, as the bytes that start at
/// `base`, and where the heap starts after them.
pub(super) fn laid_out(base: u32, grants: &[Grant]) -> anyhow::Result<(Vec<u8>, u32)> {
    let table_len = u32::try_from(grants.len() * 12)?;
    let bytes_at = base
        .checked_add(table_len)
        .ok_or_else(|| anyhow::anyhow!("too many grants"))?;
    let mut table = Vec::new();
    let mut bytes = Vec::new();
    for grant in grants {
        let (text, exact) = match grant {
            Grant::Prefix(prefix) => (prefix, 0u32),
            Grant::Key(key) => (key, 1u32),
        };
        let at = bytes_at
            .checked_add(u32::try_from(bytes.len())?)
            .ok_or_else(|| anyhow::anyhow!("the grants exceed 4 GiB"))?;
        table.extend_from_slice(&at.to_le_bytes());
        table.extend_from_slice(&u32::try_from(text.len())?.to_le_bytes());
        table.extend_from_slice(&exact.to_le_bytes());
        bytes.extend_from_slice(text.as_bytes());
    }
    table.extend_from_slice(&bytes);
    let end = base
        .checked_add(u32::try_from(table.len())?)
        .and_then(|end| end.checked_add(7))
        .ok_or_else(|| anyhow::anyhow!("the grants exceed 4 GiB"))?;
    Ok((table, end & !7))
}

/// The core module: the host's `get` and `get-all` imported; `memory`,
/// `cabi_realloc`, the filtered `get` and `get-all` exported.
fn core_module(interface: &str, grants: &[Grant]) -> anyhow::Result<Vec<u8>> {
    let (data, heap_start) = laid_out(RULES, grants)?;
    let rules = i32::try_from(grants.len())?;

    let mut types = TypeSection::new();
    types.ty().function([ValType::I32; 3], []); // 0: the host's get
    types.ty().function([ValType::I32], []); // 1: the host's get-all
    types.ty().function([ValType::I32; 4], [ValType::I32]); // 2: cabi_realloc
    types.ty().function([ValType::I32; 2], [ValType::I32]); // 3: get, allowed
    types.ty().function([], [ValType::I32]); // 4: get-all
    types.ty().function([ValType::I32; 3], [ValType::I32]); // 5: bytes_equal
    let mut imports = ImportSection::new();
    imports.import(interface, "get", EntityType::Function(0));
    imports.import(interface, "get-all", EntityType::Function(1));
    let (host_get, host_get_all) = (0, 1);
    let (realloc, get, get_all, bytes_equal, allowed) = (2, 3, 4, 5, 6);
    let mut functions = FunctionSection::new();
    for ty in [2, 3, 4, 5, 3] {
        functions.function(ty);
    }

    let heap_bytes = heap_start;
    let heap_start = i32::from_ne_bytes(heap_start.to_ne_bytes());

    let mut code = CodeSection::new();
    code.function(&realloc_body());
    code.function(&get_body(heap_start, allowed, host_get));
    code.function(&get_all_body(heap_start, allowed, host_get_all));
    code.function(&bytes_equal_body());
    code.function(&allowed_body(RULES, rules, bytes_equal));

    let exports = store_exports(interface, realloc, get, get_all);

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

/// `allowed(key, len)`: 1 when a rule of the `rules` in the table at
/// `base` grants the key: a prefix the key starts with, or the key itself.
pub(super) fn allowed_body(base: u32, rules: i32, bytes_equal: u32) -> Function {
    let (key, len, index, rule, rule_len) = (0, 1, 2, 3, 4);
    let mut f = Function::new([(3, ValType::I32)]);
    f.instruction(&Instruction::Block(BlockType::Empty))
        .instruction(&Instruction::Loop(BlockType::Empty))
        .instruction(&Instruction::LocalGet(index))
        .instruction(&Instruction::I32Const(rules))
        .instruction(&Instruction::I32GeU)
        .instruction(&Instruction::BrIf(1))
        // rule = base + index * 12
        .instruction(&Instruction::I32Const(base as i32))
        .instruction(&Instruction::LocalGet(index))
        .instruction(&Instruction::I32Const(12))
        .instruction(&Instruction::I32Mul)
        .instruction(&Instruction::I32Add)
        .instruction(&Instruction::LocalTee(rule))
        .instruction(&Instruction::I32Load(word(4)))
        .instruction(&Instruction::LocalSet(rule_len))
        // exact ? len == rule_len : len >= rule_len
        .instruction(&Instruction::LocalGet(len))
        .instruction(&Instruction::LocalGet(rule_len))
        .instruction(&Instruction::I32Eq)
        .instruction(&Instruction::LocalGet(len))
        .instruction(&Instruction::LocalGet(rule_len))
        .instruction(&Instruction::I32GeU)
        .instruction(&Instruction::LocalGet(rule))
        .instruction(&Instruction::I32Load(word(8)))
        .instruction(&Instruction::Select)
        .instruction(&Instruction::If(BlockType::Empty))
        .instruction(&Instruction::LocalGet(rule))
        .instruction(&Instruction::I32Load(word(0)))
        .instruction(&Instruction::LocalGet(key))
        .instruction(&Instruction::LocalGet(rule_len))
        .instruction(&Instruction::Call(bytes_equal))
        .instruction(&Instruction::If(BlockType::Empty))
        .instruction(&Instruction::I32Const(1))
        .instruction(&Instruction::Return)
        .instruction(&Instruction::End)
        .instruction(&Instruction::End);
    increment(&mut f, index);
    f.instruction(&Instruction::Br(0))
        .instruction(&Instruction::End)
        .instruction(&Instruction::End)
        .instruction(&Instruction::I32Const(0))
        .instruction(&Instruction::End);
    f
}

/// `get(key, len)`: the host's answer for a granted key, else `ok(none)`.
fn get_body(heap_start: i32, allowed: u32, host_get: u32) -> Function {
    let (key, len) = (0, 1);
    let mut f = Function::new([]);
    // The key, brought in by the call, is read before anything new is
    // allocated over it (the host reads it before it answers).
    f.instruction(&Instruction::I32Const(heap_start))
        .instruction(&Instruction::GlobalSet(0))
        .instruction(&Instruction::LocalGet(key))
        .instruction(&Instruction::LocalGet(len))
        .instruction(&Instruction::Call(allowed))
        .instruction(&Instruction::If(BlockType::Empty))
        .instruction(&Instruction::LocalGet(key))
        .instruction(&Instruction::LocalGet(len))
        .instruction(&Instruction::I32Const(ANSWER))
        .instruction(&Instruction::Call(host_get))
        .instruction(&Instruction::Else);
    // ok(none)
    for offset in [0, 4] {
        f.instruction(&Instruction::I32Const(ANSWER))
            .instruction(&Instruction::I32Const(0))
            .instruction(&Instruction::I32Store(word(offset)));
    }
    f.instruction(&Instruction::End)
        .instruction(&Instruction::I32Const(ANSWER))
        .instruction(&Instruction::End);
    f
}

/// `get-all()`: the host's pairs whose keys are granted, in the host's
/// order; the host's error as it is.
fn get_all_body(heap_start: i32, allowed: u32, host_get_all: u32) -> Function {
    let (list, count, index, kept, pair) = (0, 1, 2, 3, 4);
    let byte = MemArg {
        offset: 0,
        align: 0,
        memory_index: 0,
    };
    let mut f = Function::new([(5, ValType::I32)]);
    f.instruction(&Instruction::I32Const(heap_start))
        .instruction(&Instruction::GlobalSet(0))
        .instruction(&Instruction::I32Const(ANSWER))
        .instruction(&Instruction::Call(host_get_all))
        // An error: as it is.
        .instruction(&Instruction::I32Const(ANSWER))
        .instruction(&Instruction::I32Load8U(byte))
        .instruction(&Instruction::If(BlockType::Empty))
        .instruction(&Instruction::I32Const(ANSWER))
        .instruction(&Instruction::Return)
        .instruction(&Instruction::End)
        .instruction(&Instruction::I32Const(ANSWER))
        .instruction(&Instruction::I32Load(word(4)))
        .instruction(&Instruction::LocalSet(list))
        .instruction(&Instruction::I32Const(ANSWER))
        .instruction(&Instruction::I32Load(word(8)))
        .instruction(&Instruction::LocalSet(count))
        .instruction(&Instruction::Block(BlockType::Empty))
        .instruction(&Instruction::Loop(BlockType::Empty))
        .instruction(&Instruction::LocalGet(index))
        .instruction(&Instruction::LocalGet(count))
        .instruction(&Instruction::I32GeU)
        .instruction(&Instruction::BrIf(1))
        // pair = list + index * 16
        .instruction(&Instruction::LocalGet(list))
        .instruction(&Instruction::LocalGet(index))
        .instruction(&Instruction::I32Const(4))
        .instruction(&Instruction::I32Shl)
        .instruction(&Instruction::I32Add)
        .instruction(&Instruction::LocalTee(pair))
        .instruction(&Instruction::I32Load(word(0)))
        .instruction(&Instruction::LocalGet(pair))
        .instruction(&Instruction::I32Load(word(4)))
        .instruction(&Instruction::Call(allowed))
        .instruction(&Instruction::If(BlockType::Empty))
        // Kept: moved down to list + kept * 16.
        .instruction(&Instruction::LocalGet(list))
        .instruction(&Instruction::LocalGet(kept))
        .instruction(&Instruction::I32Const(4))
        .instruction(&Instruction::I32Shl)
        .instruction(&Instruction::I32Add)
        .instruction(&Instruction::LocalGet(pair))
        .instruction(&Instruction::I32Const(16))
        .instruction(&Instruction::MemoryCopy {
            src_mem: 0,
            dst_mem: 0,
        });
    increment(&mut f, kept);
    f.instruction(&Instruction::End);
    increment(&mut f, index);
    f.instruction(&Instruction::Br(0))
        .instruction(&Instruction::End)
        .instruction(&Instruction::End)
        .instruction(&Instruction::I32Const(ANSWER))
        .instruction(&Instruction::LocalGet(kept))
        .instruction(&Instruction::I32Store(word(8)))
        .instruction(&Instruction::I32Const(ANSWER))
        .instruction(&Instruction::End);
    f
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use wasmtime::component::{Component, Func, Instance, Linker, Val};
    use wasmtime::{Engine, Store, StoreLimits, StoreLimitsBuilder};

    use super::{Grant, config_filter};
    use crate::wasi_versions::CONFIG;

    const HOST: [(&str, &str); 4] = [
        ("auth.token", "s3cret"),
        ("db.password", "hunter2"),
        ("probe.greeting", "hi"),
        ("shared.region", "eu"),
    ];

    fn string(text: &str) -> Val {
        Val::String(text.to_owned())
    }

    /// The filter with `grants` in front of a host that gives [`HOST`]
    /// (or fails every call, with `failing`), and how often it was asked.
    fn filter(grants: &[Grant], failing: bool) -> (Store<StoreLimits>, Instance, Arc<AtomicUsize>) {
        let bytes = config_filter(CONFIG, grants).expect("the filter encodes");
        let engine = Engine::default();
        let component = Component::new(&engine, bytes).expect("the filter compiles");
        let asked = Arc::new(AtomicUsize::new(0));
        let mut linker = Linker::<StoreLimits>::new(&engine);
        let mut host = linker
            .instance(&format!("wasi:config/store@{CONFIG}"))
            .expect("the interface");
        let failure = || {
            Val::Result(Err(Some(Box::new(Val::Variant(
                "io".to_owned(),
                Some(Box::new(string("the store is down"))),
            )))))
        };
        let counter = asked.clone();
        host.func_new("get", move |_, _, params, results| {
            counter.fetch_add(1, Ordering::Relaxed);
            let Val::String(key) = &params[0] else {
                wasmtime::bail!("not a key");
            };
            let value = HOST.iter().find(|(k, _)| k == key).map(|(_, v)| string(v));
            results[0] = if failing {
                failure()
            } else {
                Val::Result(Ok(Some(Box::new(Val::Option(value.map(Box::new))))))
            };
            Ok(())
        })
        .expect("get");
        let counter = asked.clone();
        host.func_new("get-all", move |_, _, _, results| {
            counter.fetch_add(1, Ordering::Relaxed);
            let pairs = HOST
                .iter()
                .map(|(k, v)| Val::Tuple(vec![string(k), string(v)]))
                .collect();
            results[0] = if failing {
                failure()
            } else {
                Val::Result(Ok(Some(Box::new(Val::List(pairs)))))
            };
            Ok(())
        })
        .expect("get-all");
        // 16 MiB: the heap must be reused, not kept, across calls.
        let limits = StoreLimitsBuilder::new().memory_size(16 << 20).build();
        let mut store = Store::new(&engine, limits);
        store.limiter(|limits| limits);
        let instance = linker
            .instantiate(&mut store, &component)
            .expect("the filter links to the host's config");
        (store, instance, asked)
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

    fn get(store: &mut Store<StoreLimits>, instance: &Instance, key: &str) -> Val {
        let get = function(store, instance, "get");
        let mut answer = [Val::Bool(false)];
        get.call(&mut *store, &[string(key)], &mut answer)
            .expect("get answers");
        answer[0].clone()
    }

    fn some(value: &str) -> Val {
        Val::Result(Ok(Some(Box::new(Val::Option(Some(Box::new(string(
            value,
        ))))))))
    }

    fn none() -> Val {
        Val::Result(Ok(Some(Box::new(Val::Option(None)))))
    }

    fn get_all(store: &mut Store<StoreLimits>, instance: &Instance) -> Val {
        let get_all = function(store, instance, "get-all");
        let mut answer = [Val::Bool(false)];
        get_all
            .call(&mut *store, &[], &mut answer)
            .expect("get-all answers");
        answer[0].clone()
    }

    fn pairs(list: &[(&str, &str)]) -> Val {
        let list = list
            .iter()
            .map(|(k, v)| Val::Tuple(vec![string(k), string(v)]))
            .collect();
        Val::Result(Ok(Some(Box::new(Val::List(list)))))
    }

    #[test]
    fn a_part_reads_its_granted_keys_and_the_host_is_never_asked_for_others() {
        let grants = [
            Grant::Prefix("probe.".to_owned()),
            Grant::Key("shared.region".to_owned()),
        ];
        let (mut store, instance, asked) = filter(&grants, false);
        assert_eq!(get(&mut store, &instance, "probe.greeting"), some("hi"));
        assert_eq!(get(&mut store, &instance, "probe.missing"), none());
        assert_eq!(get(&mut store, &instance, "shared.region"), some("eu"));
        assert_eq!(asked.load(Ordering::Relaxed), 3);
        for other in [
            "auth.token",
            "db.password",
            "probe",
            "probe_greeting",
            "shared.region2",
            "shared.regio",
            "",
        ] {
            assert_eq!(get(&mut store, &instance, other), none(), "{other}");
        }
        assert_eq!(asked.load(Ordering::Relaxed), 3, "asked for another's key");
        assert_eq!(
            get_all(&mut store, &instance),
            pairs(&[("probe.greeting", "hi"), ("shared.region", "eu")])
        );
    }

    #[test]
    fn without_grants_nothing_is_read_and_the_hosts_errors_pass_through() {
        let (mut store, instance, _) = filter(&[], false);
        assert_eq!(get(&mut store, &instance, "auth.token"), none());
        assert_eq!(get_all(&mut store, &instance), pairs(&[]));
        let (mut store, instance, _) = filter(&[Grant::Prefix("auth.".to_owned())], true);
        let Val::Result(Err(Some(error))) = get(&mut store, &instance, "auth.token") else {
            panic!("the host's error is lost");
        };
        assert!(matches!(*error, Val::Variant(ref name, _) if name == "io"));
        assert!(matches!(
            get_all(&mut store, &instance),
            Val::Result(Err(_))
        ));
    }

    #[test]
    fn many_calls_with_large_keys_reuse_the_heap() {
        let (mut store, instance, _) = filter(&[Grant::Prefix("probe.".to_owned())], false);
        let large = format!("probe.{}", "k".repeat(1 << 20));
        for _ in 0..200 {
            assert_eq!(get(&mut store, &instance, &large), none());
        }
        assert_eq!(get(&mut store, &instance, "probe.greeting"), some("hi"));
    }
}
