//! [`after_response`]: work that runs once the response has been sent.

use std::cell::RefCell;

thread_local! {
    /// The tasks waiting for the response to be sent, in the order given.
    static TASKS: RefCell<Vec<Box<dyn FnOnce()>>> = const { RefCell::new(Vec::new()) };
}

/// Runs `task` after the response has been sent: once its body has gone
/// to the host whole (or the client went away), still inside the same
/// request and its limits. For work the client should not wait for:
/// refreshing a cache, writing a log or a count somewhere.
///
/// The instance lives until its tasks are done, bounded by the request's
/// deadline and memory limit: a task still running at the deadline is
/// stopped, and the client, who already has the response, never knows.
/// Tasks run in the order given; a task may queue more. Under WASI 0.2 and
/// 0.3 alike, a host that serves standard `wasi:http` (edge serve,
/// `TestApp`, `wasmtime serve`) keeps the instance for them.
///
/// Natively (a unit test) no response is ever sent, so a task never runs.
///
/// ```
/// edge::after_response(|| eprintln!("the client has its answer"));
/// ```
pub fn after_response(task: impl FnOnce() + 'static) {
    TASKS.with(|tasks| tasks.borrow_mut().push(Box::new(task)));
}

/// Runs the tasks queued so far, and those they queue, in order.
#[cfg(target_arch = "wasm32")]
pub(crate) fn run_after_response() {
    loop {
        let queued = TASKS.with(|tasks| std::mem::take(&mut *tasks.borrow_mut()));
        if queued.is_empty() {
            return;
        }
        for task in queued {
            task();
        }
    }
}
