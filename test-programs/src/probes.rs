//! The hostile guests of the test programs, and how each must end: one
//! table for the tests through TestApp and through `edge serve`.

use crate::routes;
use std::time::Duration;

/// How a hostile request must end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ends {
    /// An error status, before any of the guest's response went out.
    Status(u16),
    /// The guest's head went out, then the body was cut: the client must
    /// see an incomplete response, after at least `sent_first` body bytes.
    Cut {
        /// Body bytes the client must have had before the cut.
        sent_first: u64,
    },
    /// The response went out whole (a WASI 0.3 guest's body ends on its
    /// own; any guest's before its `edge::after_response` work), while a
    /// task the guest left running was stopped at the limit.
    AnsweredThenStopped {
        /// The response's status.
        status: u16,
        /// Its whole body.
        body: &'static str,
    },
}

/// One hostile guest.
#[derive(Clone, Debug)]
pub struct Probe {
    /// The request target.
    pub path: String,
    /// How the request must end.
    pub ends: Ends,
    /// The limit that stops it; the request must end within it + 100 ms.
    pub limit: Duration,
    /// What the host says about it (in TestApp's failure, in serve's log).
    pub reason: &'static str,
    /// What `edge serve` says, where it differs.
    pub served_reason: Option<&'static str>,
}

/// The head's time limit the probes run under. Long enough that a probe
/// stopped by a budget meets the budget first on a loaded debug host (the
/// URL hoard's 8,400 host calls took 0.3 to 0.9 s on 2 cores).
pub const TIMEOUT: Duration = Duration::from_millis(1000);
/// The body's time limit the probes run under.
pub const BODY_TIMEOUT: Duration = Duration::from_millis(1500);
/// How much of a body the probes' `TestApp` keeps.
pub const TEST_APP_CAPTURE: usize = 16 << 20;

fn probe(path: String, ends: Ends, limit: Duration, reason: &'static str) -> Probe {
    Probe {
        path,
        ends,
        limit,
        reason,
        served_reason: None,
    }
}

/// Every hostile guest of the WASI 0.2 build; `blackhole` is a loopback
/// address that accepts connections and never answers.
pub fn hostile_guests(blackhole: &str) -> Vec<Probe> {
    let mut probes = sdk_guests(blackhole);
    probes.extend(raw_guests());
    probes
}

/// Every hostile guest of the WASI 0.3 build (the test programs built
/// with their `p3` feature): the same SDK guests, and the raw 0.3 ones.
pub fn hostile_p3_guests(blackhole: &str) -> Vec<Probe> {
    let mut probes = sdk_guests(blackhole);
    probes.extend(raw_p3_guests());
    probes
}

/// The hostile guests written with the SDK, alike in both builds.
fn sdk_guests(blackhole: &str) -> Vec<Probe> {
    vec![
        probe(
            routes::SPIN.into(),
            Ends::Status(504),
            TIMEOUT,
            "exceeded its time limit of 1000 ms",
        ),
        // Work after the response is held to the request's limit too; the
        // client already has the whole answer.
        probe(
            routes::AFTER_RESPONSE_SPIN.into(),
            Ends::AnsweredThenStopped {
                status: 200,
                body: "sent",
            },
            BODY_TIMEOUT,
            "exceeded its time limit of 1500 ms",
        ),
        probe(
            format!("{}?url=http://{blackhole}/", routes::FETCH),
            Ends::Status(504),
            TIMEOUT,
            "exceeded its time limit of 1000 ms",
        ),
        probe(routes::ALLOC.into(), Ends::Status(500), TIMEOUT, "memory"),
        probe(
            routes::RECURSION.into(),
            Ends::Status(500),
            TIMEOUT,
            "out of bounds memory access",
        ),
        probe(
            routes::PANIC.into(),
            Ends::Status(500),
            TIMEOUT,
            "unreachable",
        ),
        // A trap, so the time limit is the head's, although the head is out.
        probe(
            routes::PANIC_AFTER_HEAD.into(),
            Ends::Cut {
                sent_first: 64 << 10,
            },
            TIMEOUT,
            "unreachable",
        ),
        // TestApp keeps at most `TEST_APP_CAPTURE` of a body; a client of
        // `edge serve` takes all it gets, so the body time limit cuts it.
        Probe {
            served_reason: Some("exceeded its time limit of 1500 ms"),
            ..probe(
                routes::BODY_1GIB.into(),
                Ends::Cut { sent_first: 1 },
                BODY_TIMEOUT,
                "capture limit (raise it with TestAppBuilder::max_response_body)",
            )
        },
        // Key-value batches without end: the host calls run off the async
        // workers and end at the deadline.
        probe(
            format!("{}?n=4000", routes::KV_FLOOD),
            Ends::Status(504),
            TIMEOUT,
            "exceeded its time limit of 1000 ms",
        ),
        // A trap in a function named like a host log line: escaped.
        probe(
            routes::LOG_FORGERY.into(),
            Ends::Status(500),
            TIMEOUT,
            "(in x\\nGET /admin 200 0.1ms\\r\\u{1b}[0m)",
        ),
    ]
}

/// The raw `wasi:http@0.2` guests of the 0.2 build.
fn raw_guests() -> Vec<Probe> {
    vec![
        probe(
            routes::NO_RESPONSE.into(),
            Ends::Status(500),
            TIMEOUT,
            "returned without sending a response",
        ),
        probe(
            routes::MILLION_HEADERS.into(),
            Ends::Status(500),
            TIMEOUT,
            "total size of fields exceeds limit",
        ),
        probe(
            routes::RESOURCE_LOOP.into(),
            Ends::Status(500),
            TIMEOUT,
            "table",
        ),
        // 9,000 fields of 96 KiB: stopped by the request's fields budget,
        // long before they would hold 850 MB of host memory.
        probe(
            routes::FIELDS_HOARD.into(),
            Ends::Status(500),
            TIMEOUT,
            "more than 8388608 bytes into header fields",
        ),
        // The same hoard through every other call that adds bytes.
        probe(
            routes::FIELDS_FROM_LIST_HOARD.into(),
            Ends::Status(500),
            TIMEOUT,
            "more than 8388608 bytes into header fields",
        ),
        probe(
            routes::FIELDS_SET_HOARD.into(),
            Ends::Status(500),
            TIMEOUT,
            "more than 8388608 bytes into header fields",
        ),
        probe(
            routes::FIELDS_CLONE_HOARD.into(),
            Ends::Status(500),
            TIMEOUT,
            "more than 8388608 bytes into header fields",
        ),
        probe(
            routes::AUTHORITY_HOARD.into(),
            Ends::Status(500),
            TIMEOUT,
            "more than 8388608 bytes into header fields",
        ),
        probe(
            routes::PATH_HOARD.into(),
            Ends::Status(500),
            TIMEOUT,
            "more than 8388608 bytes into header fields",
        ),
        // 32 MiB of random bytes in one call: refused at the host call cap
        // (wasmtime's own default would give them).
        probe(
            routes::RANDOM_HOARD.into(),
            Ends::Status(500),
            TIMEOUT,
            "requested len 33554432 exceeds limit 16777216",
        ),
    ]
}

/// The raw `wasi:http@0.3` guests of the 0.3 build: what 0.3 lets a guest
/// do that 0.2 does not, above all run on after its response.
fn raw_p3_guests() -> Vec<Probe> {
    vec![
        probe(
            routes::P3_NEVER_RESPONDS.into(),
            Ends::Status(504),
            TIMEOUT,
            "exceeded its time limit of 1000 ms",
        ),
        probe(
            routes::P3_ENDLESS_BODY.into(),
            Ends::Cut { sent_first: 4 },
            BODY_TIMEOUT,
            "exceeded its time limit of 1500 ms",
        ),
        probe(
            routes::P3_LINGERING_TASK.into(),
            Ends::AnsweredThenStopped {
                status: 200,
                body: "done",
            },
            BODY_TIMEOUT,
            "exceeded its time limit of 1500 ms",
        ),
        // 0.3's fields calls spend the same budget as 0.2's.
        probe(
            routes::P3_FIELDS_HOARD.into(),
            Ends::Status(500),
            TIMEOUT,
            "more than 8388608 bytes into header fields",
        ),
        probe(
            routes::P3_CLONE_HOARD.into(),
            Ends::Status(500),
            TIMEOUT,
            "more than 8388608 bytes into header fields",
        ),
        // Each task holds a call in the host: they end with the instance.
        probe(
            routes::P3_TASK_FLOOD.into(),
            Ends::AnsweredThenStopped {
                status: 200,
                body: "spawned 10000",
            },
            BODY_TIMEOUT,
            "exceeded its time limit of 1500 ms",
        ),
    ]
}
