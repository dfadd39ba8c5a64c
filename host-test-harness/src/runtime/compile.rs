//! Compiling a component on the shared engine, with clear errors for files
//! that are not components, once per process for the same bytes.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, PoisonError};

use wasmtime::component::Component;

use super::compiled_cache;
use super::engine::{self, PoolShape};

/// Compiles a component, with a clear error for a core module or non-wasm.
///
/// # Errors
///
/// When `bytes` are not WebAssembly, are a core module, or do not validate.
pub(crate) fn compile(bytes: &[u8]) -> anyhow::Result<Component> {
    Ok(compile_for(engine::shared_slots(), bytes, "the component")?.0)
}

/// The compiled components of this process, by engine and content: a test
/// binary with many `TestApp`s of one package compiles it once.
type Compiled = HashMap<(u32, u64), Vec<(Arc<[u8]>, Component, PoolShape)>>;

/// Compiles a component for a pool of `slots` instances shaped to hold it
/// (its memories, tables and core instances: see [`PoolShape`]), or
/// returns the one already compiled from the same bytes. Its engine is
/// `component.engine()`, whose pool has the shape returned. Compiling a
/// large one says so on stderr, naming it `name`.
pub(crate) fn compile_for(
    slots: u32,
    bytes: &[u8],
    name: &str,
) -> anyhow::Result<(Component, PoolShape)> {
    static COMPILED: Mutex<Option<Compiled>> = Mutex::new(None);
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    let key = (slots, hasher.finish());
    {
        let mut compiled = COMPILED.lock().unwrap_or_else(PoisonError::into_inner);
        let same = compiled
            .get_or_insert_with(HashMap::new)
            .get(&key)
            .and_then(|all| all.iter().find(|(b, _, _)| **b == *bytes));
        if let Some((_, component, shape)) = same {
            return Ok((component.clone(), *shape));
        }
    }
    let default = PoolShape::default_for(slots);
    let engine = engine::with_shape(default);
    let mut component = match compiled_cache::load(&engine, bytes) {
        Some(component) => {
            DISK_LOADS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            component
        }
        None => {
            let large = bytes.len() >= LARGE;
            let start = std::time::Instant::now();
            if large {
                eprintln!(
                    "edge: compiling {name} ({:.1} MB); a large component takes a while",
                    bytes.len() as f64 / 1e6
                );
            }
            let component = compile_uncached(&engine, bytes)?;
            compiled_cache::store(&engine, bytes, &component);
            if large {
                let kept = compiled_cache::folder().map_or_else(String::new, |dir| {
                    format!("; kept in {} for the next start", dir.display())
                });
                eprintln!(
                    "edge: compiled in {:.1} s{kept}",
                    start.elapsed().as_secs_f64()
                );
            }
            component
        }
    };
    let fitting = default.fitting(needs(&component, bytes));
    if fitting != default {
        // Compiled code belongs to one engine: move it to the engine whose
        // pool holds `slots` instances of this component.
        component = rehome(&component, &engine::with_shape(fitting))?;
    }
    COMPILED
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get_or_insert_with(HashMap::new)
        .entry(key)
        .or_default()
        .push((Arc::from(bytes), component.clone(), fitting));
    Ok((component, fitting))
}

/// What one instance of `component` takes from the pool, per slot:
/// memories and tables as wasmtime counts them; core instances counted in
/// `bytes`, times four for the adapter modules wasmtime adds between parts
/// (about one for every three of a composition's own). The core instance
/// count is a counter, not memory set aside: erring high costs nothing.
fn needs(component: &Component, bytes: &[u8]) -> PoolShape {
    let core_instances = wasmparser::Parser::new(0)
        .parse_all(bytes)
        .map_while(Result::ok)
        .filter_map(|payload| match payload {
            wasmparser::Payload::InstanceSection(section) => Some(
                section
                    .into_iter()
                    .map_while(Result::ok)
                    .filter(|i| matches!(i, wasmparser::Instance::Instantiate { .. }))
                    .count(),
            ),
            _ => None,
        })
        .sum::<usize>();
    let required = component.resources_required();
    PoolShape {
        slots: 0,
        memories: required.as_ref().map_or(0, |r| r.num_memories),
        tables: required.as_ref().map_or(0, |r| r.num_tables),
        core_instances: u32::try_from(core_instances.saturating_mul(4)).unwrap_or(u32::MAX),
    }
}

/// The size from which compiling a component is announced.
const LARGE: usize = 1 << 20;

/// `component`'s compiled code, for `engine` (whose compiler settings are
/// the same: only its pool differs).
fn rehome(component: &Component, engine: &wasmtime::Engine) -> anyhow::Result<Component> {
    let serialized = component.serialize()?;
    // SAFETY: the bytes are wasmtime's serialization of a component this
    // process compiled a moment ago, with the same compiler settings.
    #[allow(
        unsafe_code,
        reason = "moving code this process compiled to a second engine"
    )]
    let moved = unsafe { Component::deserialize(engine, &serialized) }?;
    Ok(moved)
}

fn compile_uncached(engine: &wasmtime::Engine, bytes: &[u8]) -> anyhow::Result<Component> {
    if !bytes.starts_with(b"\0asm") {
        anyhow::bail!("not a WebAssembly file (no `\\0asm` header)");
    }
    if bytes.get(4..8) == Some(&[1, 0, 0, 0]) {
        anyhow::bail!(
            "a core WebAssembly module, not a component: build the app for \
             `wasm32-wasip2` (cargo build --release --target wasm32-wasip2)"
        );
    }
    let modules = core_modules(bytes);
    if modules > MAX_CORE_MODULES {
        anyhow::bail!(
            "the component holds {modules} core modules; this host loads at most \
             {MAX_CORE_MODULES} (wasmtime's compiler cannot tell more apart): a composition \
             of that many parts needs fewer plugins"
        );
    }
    let component = Component::new(engine, bytes)?;
    COMPILATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Ok(component)
}

/// The most core modules one component may hold: wasmtime 48's compiler
/// numbers them in 8 bits when it tells memories apart (past that a debug
/// build asserts, and the host would exit).
const MAX_CORE_MODULES: usize = 255;

/// How many core modules `bytes` hold, nested ones included (as far as
/// they parse: what does not, the compiler refuses next).
fn core_modules(bytes: &[u8]) -> usize {
    wasmparser::Parser::new(0)
        .parse_all(bytes)
        .map_while(Result::ok)
        .filter(|payload| matches!(payload, wasmparser::Payload::ModuleSection { .. }))
        .count()
}

/// How many compiled components this process has loaded from the disk
/// cache instead of compiling them: for tests of the cache.
pub fn disk_loads() -> usize {
    DISK_LOADS.load(std::sync::atomic::Ordering::Relaxed)
}

static DISK_LOADS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many components this process has compiled so far (a cache hit is
/// not a compilation): for tests of the cache.
pub fn compilations() -> usize {
    COMPILATIONS.load(std::sync::atomic::Ordering::Relaxed)
}

static COMPILATIONS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
