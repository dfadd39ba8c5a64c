//! Which client a request counts for: the rightmost `X-Forwarded-For`
//! entry not written by a trusted proxy, never one the client wrote.

use std::time::{Duration, SystemTime};

use edge_harness::TestApp;

const RATE_LIMIT: &str = env!("CARGO_MANIFEST_DIR");
const FLIGHTPATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/flightpath");

type TestResult = Result<(), edge_harness::Error>;

fn limited(config: &[(&str, &str)]) -> edge_harness::Result<TestApp> {
    let mut builder = TestApp::builder()
        .without_manifest()
        .fixed_time(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000));
    for (key, value) in config {
        builder = builder.config(*key, *value);
    }
    builder.plugin(RATE_LIMIT).package(FLIGHTPATH)
}

#[test]
fn a_client_written_first_entry_does_not_make_a_new_client() -> TestResult {
    // The client writes any first entry it likes; the proxy appends the
    // address it saw, 203.0.113.7, each time.
    let app = limited(&[("rate-limit.requests", "2")])?;
    let send = |spoof: &str| {
        app.get("/")
            .header("x-forwarded-for", format!("{spoof}, 203.0.113.7"))
            .send()
    };
    send("10.0.0.1")?.assert_status(200);
    send("10.0.0.2")?.assert_status(200);
    send("10.0.0.3")?.assert_status(429);
    Ok(())
}

#[test]
fn a_header_line_of_the_clients_own_does_not_make_a_new_client() -> TestResult {
    // A proxy that adds its own header line rather than appending to the
    // client's: the lines are one list, in order.
    let app = limited(&[("rate-limit.requests", "1")])?;
    let send = |spoof: &str| {
        app.get("/")
            .header("x-forwarded-for", spoof)
            .header("x-forwarded-for", "203.0.113.7")
            .send()
    };
    send("10.0.0.1")?.assert_status(200);
    send("10.0.0.2")?.assert_status(429);
    Ok(())
}

#[test]
fn trusted_hops_skip_the_entries_the_trusted_proxies_added() -> TestResult {
    // Two proxies: the outer one saw the client, the inner one (nearest)
    // saw the outer one, 10.0.0.9, whichever client it was.
    let app = limited(&[
        ("rate-limit.requests", "1"),
        ("rate-limit.trusted-hops", "1"),
    ])?;
    let send = |list: &str| app.get("/").header("x-forwarded-for", list).send();
    send("spoof-a, 203.0.113.7, 10.0.0.9")?.assert_status(200);
    send("spoof-b, 203.0.113.7, 10.0.0.9")?.assert_status(429);
    send("198.51.100.4, 10.0.0.9")?.assert_status(200);
    // Fewer entries than hops + 1: the leftmost one counts.
    send("192.0.2.5")?.assert_status(200);
    send("192.0.2.5")?.assert_status(429);
    Ok(())
}
