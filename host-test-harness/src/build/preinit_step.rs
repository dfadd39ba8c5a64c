//! The pre-initialization step of a build, with the snapshot kept on disk
//! next to cargo's output and reused while the component is unchanged.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use anyhow::Context as _;

use super::app_build::PreinitReport;
use crate::Limits;
use crate::preinit::{declares_init, preinitialize};

/// Pre-initializes the component at `built` if it declares state built
/// once; returns the component to ship and the report.
pub(super) fn run(
    built: &Path,
    limits: &Limits,
    timeout: Duration,
) -> anyhow::Result<(PathBuf, Option<PreinitReport>)> {
    let wasm = std::fs::read(built).with_context(|| format!("cannot read {}", built.display()))?;
    if !declares_init(&wasm) {
        return Ok((built.to_owned(), None));
    }
    // One step at a time in this process: tests build the same app from
    // several threads, and one snapshot is enough.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);

    let output = built.with_extension("preinit.wasm");
    let key_file = built.with_extension("preinit.key");
    let key = snapshot_key(&wasm, limits);
    // The key file: the key and the snapshot's own hash on its first line,
    // the init's log after it. A snapshot is reused only if it is still
    // the one the key file describes.
    let kept = std::fs::read_to_string(&key_file).unwrap_or_default();
    if let Some((kept_line, init_log)) = kept.split_once('\n')
        && let Ok(snapshot) = std::fs::read(&output)
        && kept_line == format!("{key} {}", content_hash(&snapshot))
    {
        return Ok((
            output,
            Some(PreinitReport {
                init_time: Duration::ZERO,
                step_time: Duration::ZERO,
                init_log: init_log.to_owned(),
                size_before: wasm.len() as u64,
                size_after: snapshot.len() as u64,
                reused: true,
            }),
        ));
    }
    let start = Instant::now();
    let done = preinitialize(&wasm, limits, timeout)
        .with_context(|| format!("cannot pre-initialize {}", built.display()))?;
    write_atomically(&output, &done.wasm)?;
    let kept_line = format!("{key} {}", content_hash(&done.wasm));
    write_atomically(
        &key_file,
        format!("{kept_line}\n{}", done.init_log).as_bytes(),
    )?;
    Ok((
        output,
        Some(PreinitReport {
            init_time: done.init_time,
            step_time: start.elapsed(),
            init_log: done.init_log,
            size_before: wasm.len() as u64,
            size_after: done.wasm.len() as u64,
            reused: false,
        }),
    ))
}

/// What a snapshot depends on: the component and the memory cap it was
/// initialized under.
fn snapshot_key(wasm: &[u8], limits: &Limits) -> String {
    format!("{} {}", content_hash(wasm), limits.max_memory_bytes)
}

/// A file's content, as its hash and length.
fn content_hash(bytes: &[u8]) -> String {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    format!("{:016x}:{}", hasher.finish(), bytes.len())
}

/// Writes through a temporary file of its own (the file's whole name with
/// a suffix, unique in this process), so no reader ever sees half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    static WRITES: AtomicUsize = AtomicUsize::new(0);
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(
        ".tmp-{}-{}",
        std::process::id(),
        WRITES.fetch_add(1, Ordering::Relaxed)
    ));
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, bytes)
        .and_then(|()| std::fs::rename(&temporary, path))
        .with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snapshot_and_its_key_never_share_a_temporary_file() {
        let dir = std::env::temp_dir().join(format!("edge-preinit-step-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let snapshot = dir.join("app.preinit.wasm");
        let key = dir.join("app.preinit.key");
        std::thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| write_atomically(&snapshot, b"\0asm snapshot").expect("snapshot"));
                scope.spawn(|| write_atomically(&key, b"key").expect("key"));
            }
        });
        assert_eq!(
            std::fs::read(&snapshot).expect("snapshot"),
            b"\0asm snapshot"
        );
        assert_eq!(std::fs::read(&key).expect("key"), b"key");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
