//! [`DeadlineLock`]: a lock whose waits end at the caller's deadline.

use std::ops::{Deref, DerefMut};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use super::KvError;

/// A lock whose waits end at a deadline: what a [`KvStorage`](super::KvStorage)
/// keeps its data or its connection behind, so that a call waiting for
/// another call's turn still ends at its own deadline, however long the
/// other call runs.
///
/// ```
/// use std::time::{Duration, Instant};
/// use edge_harness::kv::{DeadlineLock, KvError};
///
/// let lock = DeadlineLock::new(0);
/// let soon = Instant::now() + Duration::from_millis(10);
/// let mut held = lock.lock_until(soon)?;
/// *held += 1;
/// // Not reentrant: a second turn waits, and gives up at its deadline.
/// assert!(matches!(lock.lock_until(soon), Err(KvError::Deadline)));
/// drop(held);
/// assert_eq!(*lock.lock_until(Instant::now() + Duration::from_secs(1))?, 1);
/// # Ok::<(), KvError>(())
/// ```
#[derive(Debug, Default)]
pub struct DeadlineLock<T> {
    value: Mutex<T>,
    /// Whether a turn is taken; waiters sleep on `freed` until it is not.
    taken: Mutex<bool>,
    freed: Condvar,
}

/// A turn at a [`DeadlineLock`]'s value; the next waiter's turn comes when
/// it drops.
#[derive(Debug)]
pub struct DeadlineGuard<'a, T> {
    // Fields drop in order: the value is released before the turn is
    // handed on.
    value: MutexGuard<'a, T>,
    _turn: Turn<'a>,
}

#[derive(Debug)]
struct Turn<'a> {
    taken: &'a Mutex<bool>,
    freed: &'a Condvar,
}

impl<T> DeadlineLock<T> {
    /// A lock holding `value`.
    pub fn new(value: T) -> Self {
        Self {
            value: Mutex::new(value),
            taken: Mutex::new(false),
            freed: Condvar::new(),
        }
    }

    /// Waits for the value until `deadline`.
    ///
    /// # Errors
    ///
    /// [`KvError::Deadline`] when `deadline` passes first (or has passed).
    pub fn lock_until(&self, deadline: Instant) -> Result<DeadlineGuard<'_, T>, KvError> {
        let mut taken = self.taken.lock().unwrap_or_else(PoisonError::into_inner);
        while *taken {
            let left = deadline
                .checked_duration_since(Instant::now())
                .filter(|left| !left.is_zero())
                .ok_or(KvError::Deadline)?;
            taken = self
                .freed
                .wait_timeout(taken, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        *taken = true;
        drop(taken);
        Ok(self.take_turn())
    }

    /// The value if no one holds it, without waiting.
    pub fn try_lock(&self) -> Option<DeadlineGuard<'_, T>> {
        let mut taken = self.taken.lock().unwrap_or_else(PoisonError::into_inner);
        if *taken {
            return None;
        }
        *taken = true;
        drop(taken);
        Some(self.take_turn())
    }

    /// The guard of a turn just taken.
    fn take_turn(&self) -> DeadlineGuard<'_, T> {
        let turn = Turn {
            taken: &self.taken,
            freed: &self.freed,
        };
        DeadlineGuard {
            value: self.value.lock().unwrap_or_else(PoisonError::into_inner),
            _turn: turn,
        }
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        *self.taken.lock().unwrap_or_else(PoisonError::into_inner) = false;
        // Every waiter: one whose deadline has passed leaves without
        // taking the turn, and must not swallow the wake-up.
        self.freed.notify_all();
    }
}

impl<T> Deref for DeadlineGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for DeadlineGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_waiter_gets_the_turn_when_it_is_freed() {
        let lock = Arc::new(DeadlineLock::new(Vec::new()));
        let later = Instant::now() + Duration::from_secs(60);
        let mut held = lock.lock_until(later).expect("free");
        let waiter = {
            let lock = lock.clone();
            std::thread::spawn(move || lock.lock_until(later).map(|mut v| v.push(2)))
        };
        std::thread::sleep(Duration::from_millis(20));
        held.push(1);
        drop(held);
        assert_eq!(waiter.join().expect("the waiter"), Ok(()));
        assert_eq!(*lock.lock_until(later).expect("free"), [1, 2]);
    }

    #[test]
    fn try_lock_takes_a_free_turn_and_never_waits_for_a_taken_one() {
        let lock = DeadlineLock::new(0);
        let mut held = lock.try_lock().expect("free");
        *held += 1;
        assert!(lock.try_lock().is_none());
        drop(held);
        assert_eq!(lock.try_lock().map(|v| *v), Some(1));
    }

    #[test]
    fn a_waiter_gives_up_at_its_deadline_and_the_next_still_gets_its_turn() {
        let lock = Arc::new(DeadlineLock::new(()));
        let held = lock.lock_until(Instant::now() + Duration::from_secs(60));
        let impatient = {
            let lock = lock.clone();
            std::thread::spawn(move || {
                let started = Instant::now();
                let result = lock
                    .lock_until(started + Duration::from_millis(30))
                    .map(drop);
                (result, started.elapsed())
            })
        };
        let patient = {
            let lock = lock.clone();
            std::thread::spawn(move || {
                lock.lock_until(Instant::now() + Duration::from_secs(60))
                    .map(drop)
            })
        };
        let (result, took) = impatient.join().expect("the impatient waiter");
        assert_eq!(result, Err(KvError::Deadline));
        assert!(took < Duration::from_secs(1), "{took:?}");
        drop(held);
        assert_eq!(patient.join().expect("the patient waiter"), Ok(()));
    }
}
