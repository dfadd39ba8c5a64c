//! Hostile: another local user plants a file where `edge serve --plugin`
//! used to write its composition (`$TMPDIR/edge-compose/<hash>.wasm`). A
//! FIFO there served the genuine bytes to the content check and the
//! attacker's component to the load, which then ran with the victim's
//! grants. The composition now stays in memory: nothing planted in the
//! temporary folder is ever read.
//!
//! On a build before the fix (`EDGE_UNDER_TEST=/path/to/old/edge`) the
//! planted component answers: the WAF's 403 becomes the bare app's 200.

use std::hash::{DefaultHasher, Hash as _, Hasher as _};
use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use edge_harness::{Progress, build_package};

use crate::support;

#[test]
fn a_component_planted_in_the_temporary_folder_never_runs() {
    let app = build_package(
        support::workspace().join("examples/flightpath"),
        Progress::Quiet,
    )
    .expect("flightpath builds");
    let waf = build_package(support::workspace().join("plugins/waf"), Progress::Quiet)
        .expect("the WAF builds");
    let genuine =
        edge_harness::compose::compose_paths(&app, std::slice::from_ref(&waf), &Default::default())
            .expect("flightpath behind the WAF");
    // The attacker's component: the app alone, which lets everything through.
    let planted = std::fs::read(&app).expect("the app");

    let tmp = support::temp_dir("planted-composition");
    let shared = tmp.join("edge-compose");
    std::fs::create_dir_all(&shared).expect("the shared folder");
    let mut hasher = DefaultHasher::new();
    genuine.as_slice().hash(&mut hasher);
    let fifo = shared.join(format!("{:016x}-{}.wasm", hasher.finish(), genuine.len()));
    make_fifo(&fifo);
    // Whoever opens the FIFO first reads the genuine bytes, the next one the
    // planted component. A host that never opens it leaves this thread
    // waiting; it ends with the test process.
    let writer_fifo = fifo.clone();
    std::thread::spawn(move || {
        for bytes in [genuine, planted] {
            let Ok(mut file) = std::fs::OpenOptions::new().write(true).open(&writer_fifo) else {
                return;
            };
            let _ = file.write_all(&bytes);
        }
    });

    let server = support::server::Server::start_with_env(
        &app,
        &[
            "--kv-memory",
            "--plugin",
            waf.to_str().expect("a UTF-8 path"),
        ],
        &[("TMPDIR", tmp.to_str().expect("a UTF-8 path"))],
    );
    let (status, body) = server.get("/?q=%3Cscript%3E");
    assert_eq!(
        status,
        403,
        "the WAF composed in front of the app must answer, not a component planted at {}: got \
         {status} {body}",
        fifo.display()
    );
    assert_eq!(
        std::fs::read_dir(&shared)
            .expect("the shared folder")
            .count(),
        1,
        "edge serve wrote into the shared temporary folder"
    );
}

fn make_fifo(path: &Path) {
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}
