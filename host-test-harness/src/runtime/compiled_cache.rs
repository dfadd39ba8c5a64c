//! Compiled components kept on disk, so that a restart of an unchanged
//! component (`edge serve`, `edge call`, every `cargo test` process of an
//! app) compiles nothing.
//!
//! A file is named by the SHA-256 of the component's bytes and of what
//! the engine compiles with (wasmtime's version, target and settings:
//! `Engine::precompile_compatibility_hash`), and holds wasmtime's
//! serialization after a header and the SHA-256 of that serialization.
//! Files are written to a name of their own and renamed into place, so a
//! reader never sees half of one.
//!
//! Loading compiled code is trusting it: wasmtime runs it as it is. So
//! the folder is the user's own (`$EDGE_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/edge/compiled` or `~/.cache/edge/compiled`), made
//! `0700`, and used only when it is a real folder owned by this user that
//! nobody else can write; a file is loaded only when it is a regular file
//! (not a link) owned by this user whose digest matches. Anything else — a
//! corrupt file, one from another wasmtime or configuration — is ignored
//! and replaced. `EDGE_CACHE_DIR=` (empty) turns the cache off.

use std::fs::{File, OpenOptions};
use std::hash::{Hash, Hasher};
use std::io::{Read as _, Write as _};
use std::os::unix::fs::{
    DirBuilderExt as _, MetadataExt as _, OpenOptionsExt as _, PermissionsExt as _,
};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use sha2::{Digest as _, Sha256};
use wasmtime::Engine;
use wasmtime::component::Component;

/// The most files the cache keeps: past it, the oldest go.
const MAX_FILES: usize = 256;

/// What every cache file starts with.
const MAGIC: &[u8; 16] = b"edge-compiled-1\n";

/// The cache folder, checked once per process; `None`: no cache.
pub(crate) fn folder() -> Option<&'static Path> {
    static FOLDER: OnceLock<Option<PathBuf>> = OnceLock::new();
    FOLDER
        .get_or_init(|| {
            let dir = chosen_folder()?;
            match usable(&dir) {
                Ok(()) => Some(dir),
                Err(why) => {
                    eprintln!(
                        "edge: not keeping compiled components in {}: {why}",
                        dir.display()
                    );
                    None
                }
            }
        })
        .as_deref()
}

fn chosen_folder() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("EDGE_CACHE_DIR") {
        return (!dir.is_empty()).then(|| PathBuf::from(dir));
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
    Some(base.join("edge").join("compiled"))
}

/// This process's user, as Linux says it (`/proc/self` is owned by it).
fn own_uid() -> Option<u32> {
    std::fs::metadata("/proc/self").ok().map(|m| m.uid())
}

/// Makes `dir` if needed (`0700`) and checks that it is this user's alone.
fn usable(dir: &Path) -> Result<(), String> {
    let uid = own_uid().ok_or("this system does not say who the user is (no /proc/self)")?;
    if let Some(parent) = dir.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create it: {e}"))?;
    }
    match std::fs::DirBuilder::new().mode(0o700).create(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(format!("cannot create it: {e}")),
    }
    let meta = std::fs::symlink_metadata(dir).map_err(|e| e.to_string())?;
    if !meta.is_dir() {
        return Err("it is not a folder (a link?)".to_owned());
    }
    if meta.uid() != uid {
        return Err(format!("it belongs to user {}, not to {uid}", meta.uid()));
    }
    if meta.permissions().mode() & 0o022 != 0 {
        return Err("others can write to it: chmod 700 it".to_owned());
    }
    Ok(())
}

/// The file of `bytes` compiled by `engine`.
fn file_for(dir: &Path, engine: &Engine, bytes: &[u8]) -> PathBuf {
    let mut key = ShaHasher(Sha256::new());
    engine.precompile_compatibility_hash().hash(&mut key);
    key.0.update(bytes);
    let name: String = key
        .0
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    dir.join(format!("{name}.cwasm"))
}

/// `bytes` as `engine` compiled them before, if a sound file of this
/// user's holds them.
pub(crate) fn load(engine: &Engine, bytes: &[u8]) -> Option<Component> {
    let dir = folder()?;
    let path = file_for(dir, engine, bytes);
    let serialized = read_checked(&path)?;
    // SAFETY: the bytes are a serialization this process's user wrote to
    // a folder only they can write, as `store` does, and match the digest
    // written beside them; wasmtime checks that they come from a
    // compatible engine before using them.
    #[allow(unsafe_code, reason = "loading compiled code this user's edge wrote")]
    let component = unsafe { Component::deserialize(engine, &serialized) };
    component.ok()
}

/// The serialization in the file at `path`, if it is a regular file of
/// this user's whose header and digest are sound.
fn read_checked(path: &Path) -> Option<Vec<u8>> {
    let uid = own_uid()?;
    let seen = std::fs::symlink_metadata(path).ok()?;
    if !seen.is_file() || seen.uid() != uid {
        return None;
    }
    let mut file = File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    // The file opened is the one looked at (not a link put there since).
    if (meta.dev(), meta.ino()) != (seen.dev(), seen.ino()) {
        return None;
    }
    let mut all = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.read_to_end(&mut all).ok()?;
    let rest = all.strip_prefix(MAGIC.as_slice())?;
    let (digest, serialized) = rest.split_at_checked(32)?;
    (Sha256::digest(serialized).as_slice() == digest).then(|| serialized.to_vec())
}

/// Keeps `component`, compiled by `engine` from `bytes`, for the next
/// process. Failing to is no error: the next process compiles again.
pub(crate) fn store(engine: &Engine, bytes: &[u8], component: &Component) {
    let Some(dir) = folder() else { return };
    let Ok(serialized) = component.serialize() else {
        return;
    };
    let path = file_for(dir, engine, bytes);
    let partial = dir.join(format!(
        ".{}.{}.partial",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let written = (|| -> std::io::Result<()> {
        // A name of its own, made here (never an existing file or link).
        let mut file: File = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&partial)?;
        file.write_all(MAGIC)?;
        file.write_all(&Sha256::digest(&serialized))?;
        file.write_all(&serialized)?;
        std::fs::rename(&partial, &path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
        return;
    }
    prune(dir);
}

/// Removes the oldest cache files past [`MAX_FILES`].
fn prune(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "cwasm"))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    if files.len() <= MAX_FILES {
        return;
    }
    files.sort();
    for (_, path) in &files[..files.len() - MAX_FILES] {
        let _ = std::fs::remove_file(path);
    }
}

/// Feeds what `Hash` writes into a SHA-256.
struct ShaHasher(Sha256);

impl Hasher for ShaHasher {
    fn finish(&self) -> u64 {
        unreachable!("only the SHA-256 is read")
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}
