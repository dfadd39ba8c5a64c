//! [`FieldsBudget`]: the bytes of header names and values one request's
//! guest may put into `wasi:http` fields, counted over the whole request.
//! The calls that spend it are linked in `fields_link.rs`.

/// What is left of one request's budget for header bytes.
#[derive(Debug)]
pub(crate) struct FieldsBudget {
    left: usize,
    limit: usize,
}

/// The trap of a guest past its budget.
#[derive(Debug)]
pub(crate) struct FieldsBudgetSpent(usize);

impl std::fmt::Display for FieldsBudgetSpent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the guest put more than {} bytes into header fields and request URLs in one \
             request (raise `max-fields-mib`: an edge serve flag or an edge.toml [limits] key)",
            self.0
        )
    }
}

impl std::error::Error for FieldsBudgetSpent {}

impl FieldsBudget {
    pub(crate) fn new(limit: usize) -> Self {
        Self { left: limit, limit }
    }

    /// Gives back what a refused call took.
    pub(super) fn refund(&mut self, bytes: usize) {
        self.left = (self.left + bytes).min(self.limit);
    }

    /// Takes `bytes` from the budget, or traps.
    pub(super) fn spend(&mut self, bytes: usize) -> wasmtime::Result<()> {
        match self.left.checked_sub(bytes) {
            Some(left) => {
                self.left = left;
                Ok(())
            }
            None => {
                self.left = 0;
                Err(FieldsBudgetSpent(self.limit).into())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_runs_out_and_says_how_to_raise_it() {
        let mut budget = FieldsBudget::new(10);
        budget.spend(6).expect("within");
        budget.spend(4).expect("exactly at the limit");
        budget.refund(3);
        budget.spend(3).expect("a refund is spent again");
        let err = budget.spend(1).expect_err("over");
        assert!(err.to_string().contains("more than 10 bytes"), "{err}");
        assert!(err.to_string().contains("`max-fields-mib`"), "{err}");
    }
}
