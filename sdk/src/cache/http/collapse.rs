//! Request collapsing: of the concurrent misses for one key, one asks the
//! origin (the leader) and the others (followers) wait for what it stores,
//! then are answered from the store.
//!
//! Fresh instances share nothing but the store, so the election is one
//! atomic `increment` of a lease key named by the request's primary key
//! and the current lease period (`keys::lease`): the request that makes it
//! 1 leads. The leader's [`Lease`] goes when its answer is stored, or at
//! once when the answer may not be stored (then each follower asks the
//! origin itself). A lease whose holder died lapses with its period
//! ([`LEASE`]): the next miss after it leads. Followers look for the entry
//! every [`POLL`] until it is there, the lease is gone, or they have waited
//! [`LEASE`]; the request's own deadline, which the host enforces, bounds
//! the wait too.
//!
//! Two misses on either side of a period's boundary may both lead: at most
//! two origin requests where there would have been one.
//!
//! Layer 5 (the HTTP cache): imports layers 1 and 2.

use std::time::{Duration, Instant};

use crate::cache::encoding::keys;
use crate::cache::storage::lease::Lease;
use crate::cache::storage::store::CacheStore;
use crate::kv::KvError;

/// How long a lease holds: a leader that has not stored its answer in this
/// time is taken for dead, and a follower stops waiting for it.
pub(super) const LEASE: Duration = Duration::from_secs(10);

/// How often a follower looks for the leader's entry.
pub(super) const POLL: Duration = Duration::from_millis(20);

/// What a miss does.
pub(super) enum Role {
    /// Ask the origin, holding the lease until the answer is stored.
    Leader(Lease),
    /// Wait for the leader's entry; the lease key tells whether it is at
    /// work still.
    Follower(String),
}

/// Elects the miss of `primary` at `now_ms` leader or follower.
pub(super) fn elect(store: &CacheStore, primary: &str, now_ms: u64) -> Result<Role, KvError> {
    let period = now_ms / LEASE.as_millis() as u64;
    let key = keys::lease(primary, period);
    if store.kv().increment(&key, 1)? == 1 {
        return Ok(Role::Leader(Lease::new(store, key)));
    }
    Ok(Role::Follower(key))
}

/// Waits until `stored()` finds the leader's entry (`true`), or the lease
/// `key` is gone or [`LEASE`] has passed (`false`: ask the origin).
pub(super) fn wait(
    store: &CacheStore,
    key: &str,
    mut stored: impl FnMut() -> bool,
) -> Result<bool, KvError> {
    let give_up = Instant::now() + LEASE;
    while Instant::now() < give_up {
        std::thread::sleep(POLL);
        if stored() {
            return Ok(true);
        }
        if !store.kv().exists(key)? {
            // The leader is done: one more look, for an entry written just
            // before its lease went.
            return Ok(stored());
        }
    }
    Ok(false)
}
