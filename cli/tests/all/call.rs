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

/// `edge call` as a user runs it, stdout a terminal (`script` gives it a
/// pseudo-terminal): what it printed.
fn call_on_a_terminal(target: &str) -> String {
    let command = format!(
        "{} call {} {target}",
        env!("CARGO_BIN_EXE_edge"),
        support::test_programs().display()
    );
    let out = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .expect("script (util-linux) runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_guest_cannot_send_escape_sequences_to_the_terminal() {
    let shown = call_on_a_terminal(routes::TERMINAL_FORGERY);
    for raw in ['\u{1b}', '\u{9b}', '\u{202e}', '\u{2028}'] {
        assert!(
            !shown.contains(raw),
            "{raw:?} reached the terminal raw: {shown:?}"
        );
    }
    assert!(
        shown.contains("x-forged: \\u{9b}2J\\u{202e}lave"),
        "{shown:?}"
    );
    assert!(
        shown.contains("harmless\\rGET /admin 200 0.1ms\r\n\\u{1b}[2J"),
        "{shown:?}"
    );
}

#[test]
fn a_pipe_gets_the_body_as_the_guest_wrote_it() {
    let out = call(routes::TERMINAL_FORGERY);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\u{1b}[2J\u{1b}[31mred"), "{text:?}");
}
