//! Hostile: an app folder with 100,000 empty folders. `--watch` walked
//! every folder every 250 ms and burnt ~64% of a core idle; it now waits
//! for the OS's file notifications on a bounded number of folders.

use std::time::Duration;

use crate::support;
use crate::support::process::cpu_time;
use crate::support::server::Server;
use crate::support::watched_app::{new_app, wait_for, write_app};
use crate::support::workspace;

#[test]
fn an_idle_watch_over_a_hundred_thousand_folders_costs_no_cpu() {
    let _alone = support::alone();
    let dir = new_app("watch-idle-app");
    for i in 0..100_000 {
        std::fs::create_dir_all(dir.join(format!("assets/{}/{i}", i % 100)))
            .expect("an empty folder");
    }
    let server = Server::start_with_env(
        &dir,
        &["--watch", "--kv-memory"],
        &[(
            "CARGO_TARGET_DIR",
            workspace().join("target").to_str().expect("utf-8"),
        )],
    );
    let log = server.log_with("for changes");
    assert!(
        log.contains("holds more than 2000 folders or 10000 files"),
        "the bound is said: {log}"
    );
    assert_eq!(server.get("/"), (200, "v1".to_owned()));

    let idle = Duration::from_secs(3);
    let before = cpu_time(server.pid());
    std::thread::sleep(idle);
    let used = cpu_time(server.pid()) - before;
    eprintln!("edge serve --watch used {used:?} of CPU in {idle:?} idle");
    assert!(
        used < idle / 10,
        "an idle watch used {used:?} of CPU in {idle:?}"
    );

    // The app's sources are walked first: an edit is still seen.
    write_app(&dir, "v2");
    wait_for(&server, "v2", Duration::from_secs(120));
    let _ = std::fs::remove_dir_all(&dir);
}
