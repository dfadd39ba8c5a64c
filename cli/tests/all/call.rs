//! `edge call`: one request in-process, the answer printed; exit code 1
//! when the guest fails.

use std::process::Command;

use edge_test_programs::routes;

use crate::support;

fn call(target: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_edge"))
        .arg("call")
        .arg(support::test_programs())
        .arg(target)
        .output()
        .expect("edge runs")
}

#[test]
fn a_good_answer_is_printed_with_exit_code_0() {
    let out = call(routes::HELLO);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("200 OK\n"), "{text}");
    assert!(text.trim_end().ends_with("hello"), "{text}");
}

#[test]
fn a_failing_guest_exits_1_and_says_why_without_a_backtrace_hint() {
    let out = call(routes::PANIC);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("edge: the handler panicked at"), "{err}");
    assert!(
        err.contains("error: the guest failed: the guest trapped"),
        "{err}"
    );
    assert!(!err.contains("RUST_BACKTRACE"), "{err}");
}
