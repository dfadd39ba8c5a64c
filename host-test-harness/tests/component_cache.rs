//! A second `TestApp` of the same package neither rebuilds nor recompiles
//! it. (Alone in its binary: the count is the process's.)

mod support;

use edge_harness::TestApp;
use edge_harness::runtime::{compilations, disk_loads};
use edge_test_programs::routes;

#[test]
fn the_second_test_app_of_a_package_compiles_nothing() {
    let first = TestApp::from_package(support::test_programs_package()).expect("loads");
    // Compiled here, or by an earlier process and kept on disk.
    let compiled = compilations();
    assert_eq!(compiled + disk_loads(), 1);
    let start = std::time::Instant::now();
    let second = TestApp::from_package(support::test_programs_package()).expect("loads");
    eprintln!("the second TestApp loaded in {:?}", start.elapsed());
    assert_eq!(
        compilations() + disk_loads(),
        1,
        "the second TestApp compiled (or loaded) again"
    );
    for app in [&first, &second] {
        app.get(routes::HELLO)
            .send()
            .expect("a response")
            .assert_status(200);
    }
}
