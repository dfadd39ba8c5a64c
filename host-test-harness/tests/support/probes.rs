//! The hostile guests of the test programs, and how each must end.

use std::time::Duration;

/// How a hostile request must end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ends {
    /// An error status, before any of the guest's response went out.
    Status(u16),
    /// The guest's head went out, then the body was cut: the client must
    /// see an incomplete response, after at least `sent_first` body bytes.
    Cut { sent_first: u64 },
}

/// One hostile guest.
#[derive(Clone, Debug)]
pub(crate) struct Probe {
    pub(crate) path: String,
    pub(crate) ends: Ends,
    /// The limit that stops it; the request must end within it + 100 ms.
    pub(crate) limit: Duration,
    /// What the host says about it (in TestApp's failure, in serve's log).
    pub(crate) reason: &'static str,
    /// What `edge serve` says, where it differs.
    pub(crate) served_reason: Option<&'static str>,
}

/// The limits the probes run under.
pub(crate) const TIMEOUT: Duration = Duration::from_millis(500);
pub(crate) const BODY_TIMEOUT: Duration = Duration::from_millis(1500);

/// Every hostile guest; `blackhole` is a loopback address that accepts
/// connections and never answers.
pub(crate) fn hostile_guests(blackhole: &str) -> Vec<Probe> {
    let probe = |path: String, ends, limit, reason| Probe {
        path,
        ends,
        limit,
        reason,
        served_reason: None,
    };
    vec![
        probe(
            "/spin".into(),
            Ends::Status(504),
            TIMEOUT,
            "exceeded its time limit of 500 ms",
        ),
        probe(
            format!("/fetch?url=http://{blackhole}/"),
            Ends::Status(504),
            TIMEOUT,
            "exceeded its time limit of 500 ms",
        ),
        probe("/alloc".into(), Ends::Status(500), TIMEOUT, "memory"),
        probe(
            "/recursion".into(),
            Ends::Status(500),
            TIMEOUT,
            "out of bounds memory access",
        ),
        probe("/panic".into(), Ends::Status(500), TIMEOUT, "unreachable"),
        // A trap, so the time limit is the head's, although the head is out.
        probe(
            "/panic-after-head".into(),
            Ends::Cut {
                sent_first: 64 << 10,
            },
            TIMEOUT,
            "unreachable",
        ),
        probe(
            "/no-response".into(),
            Ends::Status(500),
            TIMEOUT,
            "returned without sending a response",
        ),
        probe(
            "/million-headers".into(),
            Ends::Status(500),
            TIMEOUT,
            "total size of fields exceeds limit",
        ),
        // TestApp keeps at most 64 MiB of a body; a client of `edge serve`
        // takes all it gets, so the body time limit cuts it.
        Probe {
            served_reason: Some("exceeded its time limit of 1500 ms"),
            ..probe(
                "/body-1gib".into(),
                Ends::Cut { sent_first: 1 },
                BODY_TIMEOUT,
                "capture limit (raise it with TestAppBuilder::max_response_body)",
            )
        },
        probe("/resource-loop".into(), Ends::Status(500), TIMEOUT, "table"),
    ]
}
