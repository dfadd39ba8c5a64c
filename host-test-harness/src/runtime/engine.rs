//! The shared wasmtime [`Engine`]: pooling allocator and epoch ticks.

use std::sync::OnceLock;
use std::time::Duration;

use wasmtime::{Config, Enabled, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

/// Bytes of a linear memory or table a reused pooling slot may keep
/// resident: a Rust guest's stack top, data and a small heap, more than a
/// typical request dirties.
const KEEP_RESIDENT: usize = 2 << 20;

/// How often the engine's epoch advances; deadlines are counted in ticks.
pub(crate) const EPOCH_TICK: Duration = Duration::from_millis(5);

/// The process-wide engine. Its epoch is advanced by a background thread, so
/// that a guest spinning on the CPU hits its deadline.
pub(crate) fn shared() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let engine = new_engine().unwrap_or_else(|e| {
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
}

fn new_engine() -> wasmtime::Result<Engine> {
    let mut pool = PoolingAllocationConfig::default();
    pool.total_component_instances(256)
        .total_core_instances(1024)
        .total_memories(256)
        .total_tables(1024)
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
