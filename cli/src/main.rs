//! The `edge` command: serve, build, call and create edge apps.
//!
//! Run `edge --help` (or `edge serve --help`) for every subcommand and flag.
//! Exit codes: 0 on success, 1 when the command fails, 2 for a command line
//! it cannot parse.

mod args;
mod commands;
mod kv_redis;
mod kv_sqlite;
mod scaffold;
mod server;
mod watch;

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
