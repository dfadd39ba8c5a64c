//! The shared wasmtime [`Engine`]: pooling allocator and epoch ticks.

use std::sync::OnceLock;
use std::time::Duration;

use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

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
        .decommit_batch_size(8);

    let mut config = Config::new();
    config
        .epoch_interruption(true)
        .allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    Engine::new(&config)
}
