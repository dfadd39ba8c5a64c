//! A second `TestApp` of the same package neither rebuilds nor recompiles
//! it. (Alone in its binary: the count is the process's.)

mod support;

use edge_harness::TestApp;
use edge_harness::runtime::compilations;
use edge_test_programs::routes;

#[test]
fn the_second_test_app_of_a_package_compiles_nothing() {
    let first = TestApp::from_package(support::test_programs_package()).expect("loads");
    let compiled = compilations();
    assert_eq!(compiled, 1);
    let start = std::time::Instant::now();
    let second = TestApp::from_package(support::test_programs_package()).expect("loads");
    eprintln!("the second TestApp loaded in {:?}", start.elapsed());
    assert_eq!(
        compilations(),
        compiled,
        "the second TestApp compiled again"
    );
    for app in [&first, &second] {
        app.get(routes::HELLO)
            .send()
            .expect("a response")
            .assert_status(200);
    }
}
