//! `TestResponse::timing`: where a request's time went.

use std::time::Duration;

use edge_harness::TestApp;
use edge_test_programs::routes;

use crate::support;

#[test]
fn timing_splits_instantiation_from_the_handler_run() {
    let app = TestApp::from_package(support::test_programs_package())
        .expect("test programs build and load");
    let slow = app
        .get(&format!("{}?ms=60", routes::SLEEP))
        .send()
        .expect("a response");
    assert_eq!(slow.text(), "slept 60 ms");
    let timing = slow.timing();
    assert!(timing.run >= Duration::from_millis(60), "{timing:?}");
    assert!(timing.instantiate > Duration::ZERO, "{timing:?}");
    assert!(timing.instantiate < timing.run, "{timing:?}");
    let quick = app.get(routes::HELLO).send().expect("a response").timing();
    assert!(quick.run < Duration::from_millis(60), "{quick:?}");
}
