//! The shared wasmtime [`Engine`]s: pooling allocator and epoch ticks, one
//! engine per pool shape.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use wasmtime::{Config, Enabled, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

/// Bytes of a linear memory or table a reused pooling slot may keep
/// resident: a Rust guest's stack top, data and a small heap, more than a
/// typical request dirties.
const KEEP_RESIDENT: usize = 2 << 20;

/// How often the engine's epoch advances; deadlines are counted in ticks.
pub(crate) const EPOCH_TICK: Duration = Duration::from_millis(5);

/// What the pool holds: `slots` instances of a component, each with room
/// for so many memories, tables and core instances. A component composed
/// of several parts needs more of each than one app; the host sizes the
/// pool from the component it loads (see `compile_for`), so that plugins
/// never cut how many requests run at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PoolShape {
    /// Instances that may run at once: requests in flight.
    pub slots: u32,
    /// Linear memories one instance may hold.
    pub memories: u32,
    /// Tables one instance may hold.
    pub tables: u32,
    /// Core module instances one instance may hold.
    pub core_instances: u32,
}

impl PoolShape {
    /// Room for an app with a few plugins: four memories and tables and
    /// sixteen core instances per slot.
    pub(crate) fn default_for(slots: u32) -> Self {
        Self {
            slots,
            memories: 4,
            tables: 4,
            core_instances: 16,
        }
    }

    /// This shape, grown to hold `needs` per slot.
    pub(crate) fn fitting(self, needs: Self) -> Self {
        Self {
            slots: self.slots,
            memories: self.memories.max(needs.memories),
            tables: self.tables.max(needs.tables),
            core_instances: self.core_instances.max(needs.core_instances),
        }
    }
}

/// The engine whose pool holds `slots` instances of the default shape.
pub(crate) fn with_slots(slots: u32) -> Engine {
    with_shape(PoolShape::default_for(slots))
}

/// The engine whose pool has `shape`. Its epoch is advanced by a
/// background thread, so that a guest spinning on the CPU hits its
/// deadline. Engines are made once per shape and kept for the process.
pub(crate) fn with_shape(shape: PoolShape) -> Engine {
    static ENGINES: Mutex<Option<HashMap<PoolShape, Engine>>> = Mutex::new(None);
    let mut engines = ENGINES.lock().unwrap_or_else(PoisonError::into_inner);
    let engines = engines.get_or_insert_with(HashMap::new);
    engines
        .entry(shape)
        .or_insert_with(|| {
            let engine = new_engine(shape).unwrap_or_else(|e| {
                // The configuration is fixed, so this fails only when the OS
                // cannot reserve the pool's address space.
                panic!("edge: cannot create the wasmtime engine: {e:#}")
            });
            let ticker = engine.weak();
            std::thread::Builder::new()
                .name("edge-epoch".into())
                .spawn(move || {
                    while let Some(engine) = ticker.upgrade() {
                        engine.increment_epoch();
                        drop(engine);
                        std::thread::sleep(EPOCH_TICK);
                    }
                })
                .unwrap_or_else(|e| panic!("edge: cannot start the epoch thread: {e}"));
            engine
        })
        .clone()
}

/// The pool size of the default limits.
pub(crate) fn shared_slots() -> u32 {
    crate::Limits::default().instance_slots()
}

/// The engine of the default limits' pool.
pub(crate) fn shared() -> Engine {
    with_slots(shared_slots())
}

fn new_engine(shape: PoolShape) -> wasmtime::Result<Engine> {
    let mut pool = PoolingAllocationConfig::default();
    // A component with plugins composed in front has a memory per part.
    // The guest memory they commit together is held to `max-memory-mib`
    // per request by `MemoryBudget`; a slot's extra memories are address
    // space, not memory.
    let slots = shape.slots;
    pool.total_component_instances(slots)
        .total_core_instances(slots.saturating_mul(shape.core_instances))
        .total_memories(slots.saturating_mul(shape.memories))
        .total_tables(slots.saturating_mul(shape.tables))
        .max_memory_size(1 << 32)
        .max_unused_warm_slots(64)
        .decommit_batch_size(8)
        // A reused slot keeps the pages the last request touched resident
        // and resets just those (found with PAGEMAP_SCAN, Linux 6.7+) by
        // copying, instead of dropping them and taking a page fault for
        // each on the next request.
        .pagemap_scan(Enabled::Auto)
        .linear_memory_keep_resident(KEEP_RESIDENT)
        .table_keep_resident(KEEP_RESIDENT);

    let mut config = Config::new();
    config
        .epoch_interruption(true)
        .allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    Engine::new(&config)
}
