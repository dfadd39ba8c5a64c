//! The `edge` command line as a user meets it: help for every flag with its
//! default, the version, suggestions for a mistyped flag, and exit codes.

use std::process::{Command, Output};

use edge_harness::LimitSettings;

fn edge(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_edge"))
        .args(args)
        .output()
        .expect("edge runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn serve_help_documents_every_flag_and_its_default() {
    let out = edge(&["serve", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    for (key, default) in LimitSettings::defaults().entries() {
        let default = default.expect("every limit has a default");
        let line = help
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("--{key} ")))
            .unwrap_or_else(|| panic!("no --{key} in:\n{help}"));
        // clap wraps long help onto the next lines: look at the flag's block.
        let block: String = help
            .split(line)
            .nth(1)
            .and_then(|rest| rest.split("\n  -").next())
            .unwrap_or_default()
            .to_owned();
        assert!(
            format!("{line}{block}").contains(&format!("[default: {default}]")),
            "--{key} does not say its default {default}:\n{line}{block}"
        );
    }
    for flag in [
        "--listen <ADDR>",
        "[default: 127.0.0.1:7676]",
        "--allow-outbound <HOST>",
        "--config <KEY=VALUE>",
        "--kv-path <FILE>",
        "--kv-memory",
        "--kv-store <NAME>",
        "edge.toml",
    ] {
        assert!(help.contains(flag), "no `{flag}` in:\n{help}");
    }
}

#[test]
fn top_level_help_lists_the_subcommands() {
    let out = edge(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    for command in ["serve", "build", "call", "new"] {
        assert!(
            help.lines()
                .any(|l| l.trim_start().starts_with(&format!("{command} "))),
            "no `{command}` in:\n{help}"
        );
    }
}

#[test]
fn version_prints_the_crate_version() {
    let out = edge(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout).trim(),
        format!("edge {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_mistyped_flag_is_refused_with_a_suggestion_and_exit_code_2() {
    let out = edge(&["serve", "--timeout", "5"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("unexpected argument '--timeout' found"),
        "{err}"
    );
    assert!(
        err.contains("a similar argument exists: '--timeout-ms'"),
        "{err}"
    );
}

#[test]
fn a_mistyped_subcommand_gets_a_suggestion() {
    let out = edge(&["serv"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("similar subcommand exists: 'serve'"), "{err}");
}

#[test]
fn no_arguments_prints_help_and_exits_2() {
    let out = edge(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("Usage: edge"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_failing_command_exits_1_with_the_reason() {
    let out = edge(&["build", "/definitely/not/here"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr).trim(),
        "error: /definitely/not/here: no such file or directory"
    );
}
