//! [`ClientSlots`]: how many requests each client has in flight, so that
//! one client cannot take every instance slot.
//!
//! A client is an IPv4 address, or an IPv6 /64 network: one host is
//! usually given a whole /64, and counted per address it could take a slot
//! with each of its 2^64 addresses.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};

/// Requests in flight per client (IPv4 address or IPv6 /64), each held to
/// `max`.
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
        let client = client_key(client);
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

/// The client `ip` counts as: itself for IPv4 (also when mapped into
/// IPv6), its /64 network for IPv6.
fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !u128::from(u64::MAX)).into()),
        },
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

    #[test]
    fn an_ipv6_client_is_its_slash_64() {
        let slots = ClientSlots::new(2);
        let one: IpAddr = "2001:db8:1:2::1".parse().expect("ip");
        let same_64: IpAddr = "2001:db8:1:2:ffff:ffff:ffff:ffff".parse().expect("ip");
        let next_64: IpAddr = "2001:db8:1:3::1".parse().expect("ip");
        let _a = slots.take(one).expect("first");
        let _b = slots.take(same_64).expect("second, from another address");
        assert!(slots.take(one).is_none(), "the /64 has used its places");
        assert!(
            slots.take(next_64).is_some(),
            "the next /64 is another client"
        );
    }

    #[test]
    fn an_ipv4_mapped_address_is_the_ipv4_client() {
        let slots = ClientSlots::new(1);
        let v4: IpAddr = [192, 0, 2, 1].into();
        let mapped: IpAddr = "::ffff:192.0.2.1".parse().expect("ip");
        let _held = slots.take(v4).expect("first");
        assert!(slots.take(mapped).is_none(), "the same client");
    }
}
