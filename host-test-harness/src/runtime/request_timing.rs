//! [`RequestTiming`]: where one request's time went in the host.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long one request spent instantiating the component and running it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RequestTiming {
    /// Creating the instance from the pre-instantiated component (a pooling
    /// slot, the guest's data segments, its start function).
    pub instantiate: Duration,
    /// The guest's `handle` call, from entry to return: the handler, and
    /// streaming the whole response body.
    pub run: Duration,
}

/// The timing one request's task fills in as it goes.
#[derive(Clone, Default)]
pub struct TimingRecorder(Arc<Mutex<RequestTiming>>);

impl TimingRecorder {
    /// Times `step`, adding its duration to the field `slot` picks.
    pub(crate) async fn time<T>(
        &self,
        slot: fn(&mut RequestTiming) -> &mut Duration,
        step: impl Future<Output = T>,
    ) -> T {
        let start = Instant::now();
        let out = step.await;
        let elapsed = start.elapsed();
        if let Ok(mut timing) = self.0.lock() {
            *slot(&mut timing) += elapsed;
        }
        out
    }

    /// The timing so far.
    pub fn read(&self) -> RequestTiming {
        self.0.lock().map(|t| *t).unwrap_or_default()
    }
}
