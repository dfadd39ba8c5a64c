//! [`Freshness`]: what the policy said of a stored response when it
//! arrived (how long it stays fresh, how old it was), kept with it so a
//! hit can tell it is fresh without rebuilding the policy.
//!
//! It only ever says "fresh": past its lifetime, or for a request that
//! carries its own cache directives, or if the cache's settings changed
//! since, the hit asks the full policy as before. The numbers are those of
//! the policy the hit would rebuild (built from the stored exchange
//! itself), so both ways agree (RFC 9111 §4.2: a response is fresh while
//! its current age, the age it arrived with plus the time since, is below
//! its freshness lifetime).
//!
//! Layer 5 (the HTTP cache): imports layer 1's codec only.

use std::time::{Duration, SystemTime};

use http::HeaderMap;
use http::header::{CACHE_CONTROL, PRAGMA};
use http_cache_semantics::CachePolicy;

use crate::cache::encoding::codec::{Decoder, Encoder};

/// A stored response's freshness as of its arrival.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Freshness {
    /// Whether it was reckoned for a shared cache.
    shared: bool,
    /// Seconds it stayed fresh from its arrival (0: stale on arrival).
    lifetime: u64,
    /// Its age on arrival, in seconds (its `Age`, or the time since its
    /// `Date` if longer).
    age: u64,
}

/// A stored response found fresh, and the numbers it is served with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fresh {
    /// Its current age (RFC 9111 §4.2.3): its `Age` when served.
    pub(crate) age: Duration,
    /// How long it stays fresh from now.
    pub(crate) ttl: Duration,
}

impl Freshness {
    /// What `policy`, of a response that arrived at `arrived`, says of it
    /// then, in a `shared` cache or not.
    pub(crate) fn of(policy: &CachePolicy, arrived: SystemTime, shared: bool) -> Self {
        Self {
            shared,
            lifetime: policy.time_to_live(arrived).as_secs(),
            age: policy.age(arrived).as_secs(),
        }
    }

    /// The response, arrived at `arrived`, at `now` for a request with
    /// `request` headers in a `shared` cache or not: `Some` if it is
    /// surely fresh, `None` if the policy must say (stale, a request with
    /// its own directives, or other settings than when it arrived).
    pub(crate) fn fresh(
        &self,
        arrived: SystemTime,
        now: SystemTime,
        request: &HeaderMap,
        shared: bool,
    ) -> Option<Fresh> {
        if shared != self.shared
            || request.contains_key(CACHE_CONTROL)
            || request.contains_key(PRAGMA)
        {
            return None;
        }
        let resident = now.duration_since(arrived).unwrap_or_default();
        let ttl = Duration::from_secs(self.lifetime).checked_sub(resident)?;
        if ttl.is_zero() {
            return None;
        }
        Some(Fresh {
            age: Duration::from_secs(self.age) + resident,
            ttl,
        })
    }

    /// Appends it to a stored response's record.
    pub(crate) fn encode(&self, e: &mut Encoder) {
        e.u8(u8::from(self.shared)).u64(self.lifetime).u64(self.age);
    }

    /// Reads it from the end of a stored response's record.
    pub(crate) fn decode(d: &mut Decoder<'_>) -> Option<Self> {
        let shared = match d.u8()? {
            0 => false,
            1 => true,
            _ => return None,
        };
        Some(Self {
            shared,
            lifetime: d.u64()?,
            age: d.u64()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000 + secs)
    }

    fn policy(max_age: &str, age: &str) -> CachePolicy {
        let req = http::Request::get("https://a.example/")
            .body(())
            .expect("a request");
        let res = http::Response::builder()
            .header("cache-control", max_age)
            .header("age", age)
            .body(())
            .expect("a response");
        CachePolicy::new_options(
            &req,
            &res,
            at(0),
            http_cache_semantics::CacheOptions::default(),
        )
    }

    #[test]
    fn fresh_until_its_lifetime_less_its_age_on_arrival_then_the_policy_says() {
        let policy = policy("max-age=60", "10");
        let freshness = Freshness::of(&policy, at(0), true);
        let none = HeaderMap::new();
        let fresh = freshness.fresh(at(0), at(20), &none, true).expect("fresh");
        assert_eq!(fresh.age, Duration::from_secs(30));
        assert_eq!(fresh.ttl, Duration::from_secs(30));
        // The policy agrees, second by second.
        assert_eq!(policy.age(at(20)), fresh.age);
        assert_eq!(policy.time_to_live(at(20)), fresh.ttl);
        assert!(freshness.fresh(at(0), at(50), &none, true).is_none());
        assert!(policy.is_stale(at(50)));
        // A clock behind the arrival: no resident time.
        let before = freshness.fresh(at(5), at(0), &none, true).expect("fresh");
        assert_eq!(before.age, Duration::from_secs(10));
    }

    #[test]
    fn a_request_with_directives_or_other_settings_asks_the_policy() {
        let freshness = Freshness::of(&policy("max-age=60", "0"), at(0), true);
        let mut request = HeaderMap::new();
        assert!(freshness.fresh(at(0), at(1), &request, false).is_none());
        request.insert(CACHE_CONTROL, "max-age=0".parse().expect("a value"));
        assert!(freshness.fresh(at(0), at(1), &request, true).is_none());
        let mut pragma = HeaderMap::new();
        pragma.insert(PRAGMA, "no-cache".parse().expect("a value"));
        assert!(freshness.fresh(at(0), at(1), &pragma, true).is_none());
    }

    #[test]
    fn it_reads_back_as_written_and_a_foreign_flag_reads_none() {
        let freshness = Freshness::of(&policy("max-age=60", "3"), at(0), true);
        let mut e = Encoder::default();
        freshness.encode(&mut e);
        assert_eq!(
            Freshness::decode(&mut Decoder::new(&e.bytes)),
            Some(freshness)
        );
        e.bytes[0] = 7;
        assert_eq!(Freshness::decode(&mut Decoder::new(&e.bytes)), None);
    }
}
