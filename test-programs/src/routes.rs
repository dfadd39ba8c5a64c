//! Every test program's route: the guest dispatches on this table, and the
//! host's tests request from it, so a path is written once.
//!
//! Each route must be used by some test of the host (`tests/` of
//! `host-test-harness` or of `cli`): `every_test_program_has_a_test`
//! fails otherwise.

/// Answers `hello`.
pub const HELLO: &str = "/hello";
/// Spins on the CPU forever.
pub const SPIN: &str = "/spin";
/// Answers whole, then spins forever in an `edge::after_response` task.
pub const AFTER_RESPONSE_SPIN: &str = "/after-response-spin";
/// Allocates 1 GiB.
pub const ALLOC: &str = "/alloc";
/// Allocates and touches `?mib=` MiB, then answers 200.
pub const ALLOC_MIB: &str = "/alloc-mib";
/// Recurses without end.
pub const RECURSION: &str = "/recursion";
/// Panics before the response.
pub const PANIC: &str = "/panic";
/// Panics after the head and 64 KiB of body.
pub const PANIC_AFTER_HEAD: &str = "/panic-after-head";
/// Streams a 1 GiB body.
pub const BODY_1GIB: &str = "/body-1gib";
/// Counts in a global: `1` on a fresh instance.
pub const COUNTER: &str = "/counter";
/// Leaves `?hex=` in leaked memory.
pub const SECRET_LEAVE: &str = "/secret/leave";
/// Scans the whole linear memory for `?hex=`.
pub const SECRET_FIND: &str = "/secret/find";
/// Leaves `?hex=`, then finds it in the same instance (the control).
pub const SECRET_LEAVE_AND_FIND: &str = "/secret/leave-and-find";
/// Reads the request body and says how long it was.
pub const DISCARD: &str = "/discard";
/// Reads the request body and answers its length and FNV-1a 64 hash
/// (`N bytes, fnv1a64 HEX`; [`fnv1a64`] computes the same), so a test
/// knows the app got every byte in order.
pub const DIGEST: &str = "/digest";
/// Increments a counter in the default store.
pub const KV: &str = "/kv";
/// Stores `k{n}` = `n` for `?n=` in the default store.
pub const KV_PUT: &str = "/kv-put";
/// The batch calls and `exists`.
pub const KV_BATCH: &str = "/kv-batch";
/// Opens a store the host did not grant.
pub const KV_UNKNOWN_STORE: &str = "/kv-unknown-store";
/// Reads configuration.
pub const CONFIG: &str = "/config";
/// Fetches `?url=`.
pub const FETCH: &str = "/fetch";
/// Fetches `?url=` with the header `?name=` set.
pub const FETCH_HEADER: &str = "/fetch-header";
/// Fetches `?url=` and follows one redirect by hand.
pub const FETCH_FOLLOW: &str = "/fetch-follow";
/// Sleeps `?ms=` milliseconds.
pub const SLEEP: &str = "/sleep";
/// Redirects to `?to=`.
pub const REDIRECT: &str = "/redirect";
/// Answers with a header only the host may set.
pub const HOST_SET_HEADER: &str = "/host-set-header";
/// Raw `wasi:http`: returns without a response.
pub const NO_RESPONSE: &str = "/no-response";
/// Raw `wasi:http`: appends a million response headers.
pub const MILLION_HEADERS: &str = "/million-headers";
/// Raw `wasi:http`: creates `fields` resources in a loop.
pub const RESOURCE_LOOP: &str = "/resource-loop";
/// Raw `wasi:http`: ends a chunked body with trailers.
pub const TRAILERS: &str = "/trailers";
/// Raw `wasi:http`: keeps 9,000 header `fields` of ~96 KiB each.
pub const FIELDS_HOARD: &str = "/fields-hoard";
/// Raw `wasi:http`: 9,000 fields made by `from-list`, ~96 KiB each.
pub const FIELDS_FROM_LIST_HOARD: &str = "/fields-hoard/from-list";
/// Raw `wasi:http`: 9,000 fields filled by `set`, ~96 KiB each.
pub const FIELDS_SET_HOARD: &str = "/fields-hoard/set";
/// Raw `wasi:http`: 9,000 `clone`s of one ~96 KiB fields.
pub const FIELDS_CLONE_HOARD: &str = "/fields-hoard/clone";
/// Raw `wasi:http`: 9,000 outgoing requests with a 1,000-byte authority.
pub const AUTHORITY_HOARD: &str = "/url-hoard/authority";
/// Raw `wasi:http`: 9,000 outgoing requests with a 60,000-byte path.
pub const PATH_HOARD: &str = "/url-hoard/path";
/// Raw `wasi:random`: 32 MiB of random bytes in one call.
pub const RANDOM_HOARD: &str = "/random-hoard";
/// `set_many` of `?n=` pairs again and again, until the host stops it.
pub const KV_FLOOD: &str = "/kv-flood";
/// Reads the small value at `k0` (see [`KV_PUT`]) `?n=` times, one call
/// each: what one key-value call costs.
pub const KV_GETS: &str = "/kv-gets";
/// Opens the store named `?store=` (percent-escapes decoded), writes its
/// name at key `owner` and reads `owner` back: `NAME: owner=VALUE`, or the
/// error of the open.
pub const KV_NAMED: &str = "/kv-named";
/// Lists every key of the default store, a page at a time; answers how
/// many.
pub const KV_LIST: &str = "/kv-list";
/// One `set_many` of `?n=` pairs: a batch that may outlast the deadline.
pub const KV_HUGE_BATCH: &str = "/kv-huge-batch";
/// Stores a `?kib=` value, then reads it `?times=` times in one call.
pub const KV_AMPLIFY: &str = "/kv-amplify";
/// Sets `?n=` keys of `?kib=` KiB one by one, until refused.
pub const KV_FILL: &str = "/kv-fill";
/// Prints what would forge the host's log, then traps in a function whose
/// name is a log line.
pub const LOG_FORGERY: &str = "/log-forgery";
/// Answers with terminal escapes in a header value (C1 CSI, U+202E) and in
/// the body (ESC sequences, a carriage return, U+202E).
pub const TERMINAL_FORGERY: &str = "/terminal-forgery";
/// Answers with the status `?code=`, even 1xx or beyond 599.
pub const STATUS: &str = "/status";
/// Sends the head at once, then takes `?ms=` to send the body.
pub const SLOW_BODY: &str = "/slow-body";
/// Raw `wasi:http@0.3` (the 0.3 build only): never returns a response.
pub const P3_NEVER_RESPONDS: &str = "/p3/never-responds";
/// Raw `wasi:http@0.3`: a body stream that sends `tick` and never ends.
pub const P3_ENDLESS_BODY: &str = "/p3/endless-body";
/// Raw `wasi:http@0.3`: answers `done` whole, leaving a task that never
/// finishes.
pub const P3_LINGERING_TASK: &str = "/p3/lingering-task";
/// Raw `wasi:http@0.3`: answers after spawning 10,000 tasks, each waiting
/// an hour on the host's clock.
pub const P3_TASK_FLOOD: &str = "/p3/task-flood";
/// Raw `wasi:http@0.3`: keeps 9,000 `fields.from-list` of 96 KiB each.
pub const P3_FIELDS_HOARD: &str = "/p3/fields-hoard";
/// Raw `wasi:http@0.3`: keeps 9,000 `fields.clone`s of a 96 KiB fields.
pub const P3_CLONE_HOARD: &str = "/p3/clone-hoard";

/// The FNV-1a 64 hash the [`DIGEST`] route answers with.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    fnv1a64_on(0xcbf2_9ce4_8422_2325, bytes)
}

/// FNV-1a 64 of what `hash` hashed so far followed by `bytes`.
pub fn fnv1a64_on(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
