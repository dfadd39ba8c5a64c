//! [`TestClock`]: the time a [`TestApp`](crate::TestApp)'s guests see.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use wasmtime_wasi::{HostMonotonicClock, HostWallClock};

/// The clock a [`TestApp`](crate::TestApp) serves its guests through
/// `wasi:clocks`: the wall clock (`SystemTime::now()` in the guest) and
/// the monotonic clock (`Instant::now()`) move together.
///
/// By default it is the real time;
/// [`TestAppBuilder::fixed_time`](crate::TestAppBuilder::fixed_time) stops
/// it at a chosen instant. Either
/// way [`advance`](TestClock::advance) moves it forward at once, so that
/// expiry, `max-age` and revalidation are tested without sleeping:
///
/// ```no_run
/// use std::time::{Duration, SystemTime};
/// use edge_harness::TestApp;
///
/// let app = TestApp::builder()
///     .fixed_time(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000))
///     .package(env!("CARGO_MANIFEST_DIR"))?;
/// app.get("/").send()?;                      // the guest sees 1_700_000_000 s
/// app.clock().advance(Duration::from_secs(61));
/// app.get("/").send()?;                      // ... and now 61 s later
/// # Ok::<(), edge_harness::Error>(())
/// ```
///
/// Only what the guest sees moves: timeouts the host enforces (the
/// request's deadline, outbound timeouts, mock delays) keep real time.
/// A stopped clock stays stopped while a request runs, so a guest that
/// waits for its own clock to pass a point (a busy loop on `Instant`)
/// never sees it pass.
#[derive(Clone, Debug)]
pub struct TestClock {
    /// `None`: the real time, plus the offset.
    fixed: Option<SystemTime>,
    started: Instant,
    offset_nanos: Arc<AtomicU64>,
}

impl TestClock {
    /// The real time.
    pub(crate) fn real() -> Self {
        Self {
            fixed: None,
            started: Instant::now(),
            offset_nanos: Arc::default(),
        }
    }

    /// Stopped at `at`, until advanced.
    pub(crate) fn fixed(at: SystemTime) -> Self {
        Self {
            fixed: Some(at),
            ..Self::real()
        }
    }

    fn offset(&self) -> Duration {
        Duration::from_nanos(self.offset_nanos.load(Ordering::SeqCst))
    }

    /// What the guest's wall clock reads now.
    pub fn now(&self) -> SystemTime {
        self.fixed.unwrap_or_else(SystemTime::now) + self.offset()
    }

    /// Moves both of the guest's clocks forward by `by`, at once.
    pub fn advance(&self, by: Duration) {
        let nanos = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
        self.offset_nanos.fetch_add(nanos, Ordering::SeqCst);
    }

    /// The monotonic reading: nanoseconds since the clock was made (none,
    /// when stopped) plus the offset.
    fn monotonic_nanos(&self) -> u64 {
        let running = match self.fixed {
            Some(_) => Duration::ZERO,
            None => self.started.elapsed(),
        };
        u64::try_from((running + self.offset()).as_nanos()).unwrap_or(u64::MAX)
    }

    /// The wall clock for one request's WASI context.
    pub(crate) fn wall(&self) -> impl HostWallClock + 'static {
        GuestClock(self.clone())
    }

    /// The monotonic clock for one request's WASI context.
    pub(crate) fn monotonic(&self) -> impl HostMonotonicClock + 'static {
        GuestClock(self.clone())
    }
}

/// A [`TestClock`] as wasmtime-wasi asks for clocks.
struct GuestClock(TestClock);

impl HostWallClock for GuestClock {
    fn resolution(&self) -> Duration {
        Duration::from_nanos(1)
    }

    fn now(&self) -> Duration {
        self.0
            .now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default()
    }
}

impl HostMonotonicClock for GuestClock {
    fn resolution(&self) -> u64 {
        1
    }

    fn now(&self) -> u64 {
        self.0.monotonic_nanos()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_moves_only_when_advanced_and_both_clocks_move_together() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let clock = TestClock::fixed(at);
        let (wall, mono) = (clock.wall(), clock.monotonic());
        assert_eq!(clock.now(), at);
        assert_eq!(wall.now(), Duration::from_secs(1_700_000_000));
        let before = mono.now();
        clock.advance(Duration::from_secs(61));
        assert_eq!(clock.now(), at + Duration::from_secs(61));
        assert_eq!(wall.now(), Duration::from_secs(1_700_000_061));
        assert_eq!(mono.now() - before, 61_000_000_000);
    }

    #[test]
    fn a_real_clock_runs_and_can_be_advanced() {
        let clock = TestClock::real();
        let mono = clock.monotonic();
        let first = mono.now();
        clock.advance(Duration::from_secs(3600));
        assert!(mono.now() >= first + 3_600_000_000_000);
        let ahead = clock
            .now()
            .duration_since(SystemTime::now())
            .unwrap_or_default();
        assert!(ahead > Duration::from_secs(3599), "{ahead:?}");
    }
}
