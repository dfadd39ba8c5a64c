//! [`ClientSlots`]: how many requests each client has in flight, so that
//! one client cannot take every instance slot.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};

/// Requests in flight per client IP address, each held to `max`.
#[derive(Debug)]
pub(super) struct ClientSlots {
    max: usize,
    in_flight: Mutex<HashMap<IpAddr, usize>>,
}

/// One request's place in its client's count; freed when dropped.
#[derive(Debug)]
pub(super) struct ClientSlot {
    slots: Arc<ClientSlots>,
    client: IpAddr,
}

impl ClientSlots {
    pub(super) fn new(max: usize) -> Arc<Self> {
        Arc::new(Self {
            max,
            in_flight: Mutex::new(HashMap::new()),
        })
    }

    /// A place for one more request of `client`, or `None` if it already
    /// has `max` in flight.
    pub(super) fn take(self: &Arc<Self>, client: IpAddr) -> Option<ClientSlot> {
        let mut in_flight = self
            .in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let count = in_flight.entry(client).or_insert(0);
        if *count >= self.max {
            return None;
        }
        *count += 1;
        Some(ClientSlot {
            slots: self.clone(),
            client,
        })
    }

    /// The most requests one client may have in flight.
    pub(super) fn max(&self) -> usize {
        self.max
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut in_flight = self
            .slots
            .in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = in_flight.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                in_flight.remove(&self.client);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_client_is_held_to_its_own_count() {
        let slots = ClientSlots::new(2);
        let a: IpAddr = [127, 0, 0, 2].into();
        let b: IpAddr = [127, 0, 0, 3].into();
        let first = slots.take(a).expect("first");
        let _second = slots.take(a).expect("second");
        assert!(slots.take(a).is_none(), "a third for the same client");
        assert!(slots.take(b).is_some(), "another client is not held back");
        drop(first);
        assert!(slots.take(a).is_some(), "a freed place is taken again");
    }
}
