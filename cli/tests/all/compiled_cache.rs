//! Compiled components kept on disk: a restart of an unchanged component
//! compiles nothing; a corrupt file, a link planted at a file's name or a
//! folder others can write is never trusted.

use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

use crate::support;
use crate::support::server::Server;

/// `edge serve` of the test programs with its compiled cache in `cache`;
/// checks it answers, and returns its log.
fn serve_once(cache: &Path) -> String {
    let server = Server::start_with_env(
        &support::test_programs(),
        &["--kv-memory"],
        &[("EDGE_CACHE_DIR", cache.to_str().expect("a UTF-8 path"))],
    );
    assert_eq!(server.get("/hello").0, 200);
    // The request's own line comes last: what was said before it is in.
    let log = server.log_with("GET /hello");
    server.stop();
    log
}

/// The cache files in `cache`.
fn files(cache: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(cache)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn a_restart_compiles_nothing_and_a_corrupt_file_is_replaced() {
    let cache = support::temp_dir("compiled-cache").join("compiled");
    serve_once(&cache);
    let kept = files(&cache);
    assert_eq!(kept.len(), 1, "{kept:?}");
    let file = &kept[0];
    assert_eq!(
        std::fs::metadata(&cache)
            .expect("the folder")
            .permissions()
            .mode()
            & 0o777,
        0o700
    );
    let first = std::fs::metadata(file).expect("the file").ino();

    // Unchanged: loaded, not compiled and written again.
    serve_once(&cache);
    assert_eq!(std::fs::metadata(file).expect("the file").ino(), first);

    // Corrupt (one byte of the code flipped): ignored, compiled, replaced.
    let mut bytes = std::fs::read(file).expect("the file");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(file, &bytes).expect("corrupts");
    serve_once(&cache);
    let replaced = std::fs::read(file).expect("the file");
    assert_ne!(replaced, bytes, "the corrupt file was replaced");
    assert_eq!(files(&cache), kept);
}

#[test]
fn a_link_planted_at_a_cache_file_is_not_followed() {
    let cache = support::temp_dir("compiled-cache-link").join("compiled");
    serve_once(&cache);
    let file = files(&cache).remove(0);
    let good = std::fs::read(&file).expect("the file");
    // Another file of the user's, with the genuine bytes: still refused,
    // as a link.
    let elsewhere = cache.with_file_name("elsewhere.cwasm");
    std::fs::write(&elsewhere, &good).expect("writes");
    std::fs::remove_file(&file).expect("removes");
    std::os::unix::fs::symlink(&elsewhere, &file).expect("links");
    serve_once(&cache);
    let meta = std::fs::symlink_metadata(&file).expect("the file");
    assert!(meta.is_file(), "the link was replaced by a file of its own");
    assert_eq!(std::fs::read(&elsewhere).expect("untouched"), good);
}

#[test]
fn a_cache_folder_others_can_write_is_not_used() {
    let cache = support::temp_dir("compiled-cache-open").join("compiled");
    std::fs::create_dir_all(&cache).expect("the folder");
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let log = serve_once(&cache);
    assert!(
        log.contains("not keeping compiled components in")
            && log.contains("others can write to it: chmod 700 it"),
        "{log}"
    );
    assert!(files(&cache).is_empty());
}
