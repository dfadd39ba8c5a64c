//! Every test program is reached by the guest's dispatch and requested by
//! some test of the host (here or in the `edge` command's tests): a hostile
//! guest cannot exist without a test.

use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The names of the constants in the routes table.
fn route_names() -> Vec<String> {
    let table = std::fs::read_to_string(workspace().join("test-programs/src/routes.rs"))
        .expect("the routes table");
    table
        .lines()
        .filter_map(|line| line.strip_prefix("pub const "))
        .filter_map(|rest| rest.split(':').next())
        .map(str::to_owned)
        .collect()
}

/// The text of every `.rs` file under `dir`, recursively, but `skip`.
fn sources(dir: &Path, skip: &[&str]) -> String {
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).expect("a source directory") {
        let path = entry.expect("an entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if skip.contains(&name) {
            continue;
        }
        if path.is_dir() {
            text.push_str(&sources(&path, skip));
        } else if path.extension().is_some_and(|e| e == "rs") {
            text.push_str(&std::fs::read_to_string(&path).expect("a source file"));
        }
    }
    text
}

fn read(path: &str) -> String {
    std::fs::read_to_string(workspace().join(path)).expect("a source file")
}

fn uses(text: &str, name: &str) -> bool {
    let needle = format!("routes::{name}");
    text.match_indices(&needle).any(|(at, _)| {
        !text[at + needle.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

#[test]
fn every_test_program_has_a_test() {
    let names = route_names();
    assert!(names.len() >= 27, "found only {names:?}");
    // The guest's code, without the tables the tests share.
    let guest = sources(
        &workspace().join("test-programs/src"),
        &["routes.rs", "probes.rs"],
    );
    // The host's tests, without this one (which names routes as examples),
    // and the composition tests that put a plugin in front of them.
    let host_tests = sources(
        &workspace().join("host-test-harness/tests"),
        &["test_programs_have_tests.rs"],
    ) + &sources(&workspace().join("cli/tests"), &[])
        + &sources(&workspace().join("plugins/probe/tests"), &[]);
    // The hostile-guest probes count as tests where tests run the table.
    assert!(host_tests.contains("probes::hostile_guests("));
    let tests = host_tests + &read("test-programs/src/probes.rs");
    let undispatched: Vec<_> = names.iter().filter(|n| !uses(&guest, n)).collect();
    assert!(
        undispatched.is_empty(),
        "routes the test programs never dispatch: {undispatched:?}"
    );
    let untested: Vec<_> = names.iter().filter(|n| !uses(&tests, n)).collect();
    assert!(
        untested.is_empty(),
        "test programs no host test requests: {untested:?}: add a test that does"
    );
}

#[test]
fn a_name_is_matched_whole() {
    assert!(uses("get(routes::KV)", "KV"));
    assert!(!uses("get(routes::KV_PUT)", "KV"));
}
