//! The `Store` a guest instance runs in, under its limits.

use wasmtime::{Engine, Store, UpdateDeadline};

use super::deadline::RequestDeadline;
use super::request_state::RequestState;
use crate::Limits;

/// A store for `state` with the memory budget, host-call fuel and the
/// deadline armed.
pub(crate) fn new(
    engine: &Engine,
    state: RequestState,
    limits: &Limits,
    deadline: RequestDeadline,
) -> Store<RequestState> {
    let mut store = Store::new(engine, state);
    store.limiter(|state| &mut state.limits);
    // What one host call may take from the guest (a list, a string):
    // wasmtime counts it as it lifts the arguments, before any copy.
    store.set_hostcall_fuel(limits.max_host_call_bytes);
    // Traps a guest that is still computing when its time is up.
    store.set_epoch_deadline(1);
    store.epoch_deadline_callback(move |_| {
        if deadline.passed() {
            Ok(UpdateDeadline::Interrupt)
        } else {
            Ok(UpdateDeadline::Yield(1))
        }
    });
    store
}
