//! `edge call`.

use std::io::{IsTerminal as _, Write as _};
use std::path::Path;

use edge_harness::TestApp;
use edge_harness::runtime::{WasiHttpVersion, log_text};

/// Sends `GET target` through a fresh instance and prints the answer; an
/// error (exit code 1) if the guest failed: trapped, timed out, cut its
/// body, or answered no response.
pub(super) fn run(path: &Path, target: &str, wasi: Option<WasiHttpVersion>) -> anyhow::Result<()> {
    let app = if path.is_dir() {
        let builder = TestApp::builder();
        match wasi {
            Some(version) => builder.wasi(version),
            None => builder,
        }
        .package(path)?
    } else {
        TestApp::from_file(path)?
    };
    eprintln!("edge: the app speaks {}", app.wasi_http());
    let res = app.get(target).send()?;
    // A terminal obeys escape sequences: what the guest wrote is shown
    // escaped there (lines kept), and passed on untouched to a pipe or file.
    let terminal = std::io::stdout().is_terminal();
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", res.status())?;
    for (name, value) in res.headers() {
        write!(out, "{name}: ")?;
        if terminal {
            write!(
                out,
                "{}",
                log_text(&String::from_utf8_lossy(value.as_bytes()))
            )?;
        } else {
            out.write_all(value.as_bytes())?;
        }
        writeln!(out)?;
    }
    writeln!(out)?;
    if terminal {
        for line in res.text().split('\n') {
            writeln!(out, "{}", log_text(line))?;
        }
    } else {
        out.write_all(res.bytes())?;
        writeln!(out)?;
    }
    out.flush()?;
    drop(out);
    if !res.stderr().is_empty() {
        eprintln!("--- guest stderr ---");
        for line in res.stderr().lines() {
            eprintln!("{}", log_text(line));
        }
    }
    match res.failure() {
        Some(failure) => anyhow::bail!("the guest failed: {failure}"),
        None => Ok(()),
    }
}
