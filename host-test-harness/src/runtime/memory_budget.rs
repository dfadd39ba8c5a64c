//! [`MemoryBudget`]: the linear memory of one request, counted over every
//! memory its instance has.
//!
//! A plain app has one memory; a component with plugins composed in front
//! has one per part. wasmtime's `StoreLimits` caps each memory on its own,
//! so three plugins and an app could use four times `max-memory-mib`; this
//! limiter adds them up.

use wasmtime::{ResourceLimiter, StoreLimits};

/// The bytes of linear memory one request's instance holds, against its
/// cap; tables and instances are left to `StoreLimits`.
#[derive(Debug)]
pub(crate) struct MemoryBudget {
    max: usize,
    used: usize,
    others: StoreLimits,
}

impl MemoryBudget {
    /// A budget of `max` bytes over all memories; `others` limits the rest.
    pub(crate) fn new(max: usize, others: StoreLimits) -> Self {
        Self {
            max,
            used: 0,
            others,
        }
    }
}

impl ResourceLimiter for MemoryBudget {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let grow = desired.saturating_sub(current);
        let total = self.used.saturating_add(grow);
        if total > self.max || maximum.is_some_and(|max| desired > max) {
            // A trap, not a failed `memory.grow`: the guest cannot go on
            // past its memory, and the host reports why.
            wasmtime::bail!(
                "forcing trap when growing memory to {desired} bytes: the request's memories \
                 would hold {total} bytes, over its limit of {} (max-memory-mib)",
                self.max
            );
        }
        self.used = total;
        Ok(true)
    }

    fn memory_grow_failed(&mut self, error: wasmtime::Error) -> wasmtime::Result<()> {
        Err(error.context("forcing a memory growth failure to be a trap"))
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        self.others.table_growing(current, desired, maximum)
    }

    fn table_grow_failed(&mut self, error: wasmtime::Error) -> wasmtime::Result<()> {
        self.others.table_grow_failed(error)
    }

    fn instances(&self) -> usize {
        self.others.instances()
    }

    fn tables(&self) -> usize {
        self.others.tables()
    }

    fn memories(&self) -> usize {
        self.others.memories()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmtime::StoreLimitsBuilder;

    #[test]
    fn every_memory_counts_against_one_budget() {
        let mut budget = MemoryBudget::new(100, StoreLimitsBuilder::new().build());
        assert!(budget.memory_growing(0, 60, None).expect("first memory"));
        assert!(budget.memory_growing(0, 30, None).expect("second memory"));
        let err = budget
            .memory_growing(30, 50, None)
            .expect_err("110 bytes over two memories");
        assert!(
            err.to_string()
                .contains("would hold 110 bytes, over its limit of 100"),
            "{err}"
        );
        assert!(budget.memory_growing(30, 40, None).expect("exactly 100"));
    }

    #[test]
    fn a_memory_past_its_own_maximum_traps() {
        let mut budget = MemoryBudget::new(100, StoreLimitsBuilder::new().build());
        assert!(budget.memory_growing(0, 20, Some(10)).is_err());
    }
}
