//! [`ReadBudget`]: how many bytes one read may still return.

use super::QuotaError;

/// What one read may still return: the contract takes every value from it
/// as it reads, and stops at the first that does not fit.
#[derive(Debug)]
pub(crate) struct ReadBudget {
    left: usize,
    max: usize,
}

impl ReadBudget {
    /// A budget of `max_bytes`.
    pub(crate) fn new(max_bytes: usize) -> Self {
        Self {
            left: max_bytes,
            max: max_bytes,
        }
    }

    /// Takes `value`'s bytes, or refuses the read naming the limit.
    pub(crate) fn take(&mut self, value: Option<&[u8]>) -> Result<(), QuotaError> {
        let len = value.map_or(0, <[u8]>::len);
        match self.left.checked_sub(len) {
            Some(left) => {
                self.left = left;
                Ok(())
            }
            None => Err(QuotaError::ReadTooLarge {
                max: self.max as u64,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_refuses_the_value_that_does_not_fit() {
        let mut budget = ReadBudget::new(5);
        assert_eq!(budget.take(Some(b"123")), Ok(()));
        assert_eq!(budget.take(None), Ok(()));
        assert_eq!(
            budget.take(Some(b"123")),
            Err(QuotaError::ReadTooLarge { max: 5 })
        );
        assert_eq!(budget.take(Some(b"12")), Ok(()));
    }
}
