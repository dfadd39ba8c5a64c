//! A one-file app in a temporary folder, for `edge serve --watch`.

use std::path::Path;
use std::time::{Duration, Instant};

use super::server::Server;
use super::{temp_dir, workspace};

/// A one-file app answering `version` on `/`, and after 20 s on `/slow`.
pub(crate) fn write_app(dir: &Path, version: &str) {
    let source = format!(
        r#"use edge::{{Request, Response}};

#[edge::main]
fn main(req: Request) -> Response {{
    if req.uri().path() == "/slow" {{
        std::thread::sleep(std::time::Duration::from_secs(20));
    }}
    Response::new("{version}".into())
}}
"#
    );
    std::fs::write(dir.join("src/lib.rs"), source).expect("writes the source");
}

pub(crate) fn new_app(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    std::fs::create_dir_all(dir.join("src")).expect("src");
    let sdk = workspace().join("sdk").canonicalize().expect("the sdk");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[lib]\n\
             crate-type = [\"cdylib\"]\n\n[dependencies]\nedge-sdk = {{ path = \"{}\" }}\n\n\
             [profile.release]\nopt-level = \"z\"\nlto = true\ncodegen-units = 1\nstrip = true\n\
             panic = \"abort\"\ndebug = false\n\n[workspace]\n",
            sdk.display()
        ),
    )
    .expect("writes Cargo.toml");
    write_app(&dir, "v1");
    // The workspace's versions: nothing resolved from the network.
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).expect("Cargo.lock");
    dir
}

/// Polls `/` until it answers `expected`; how long that took.
pub(crate) fn wait_for(server: &Server, expected: &str, limit: Duration) -> Duration {
    let start = Instant::now();
    loop {
        let (_, text) = server.get("/");
        if text == expected {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < limit,
            "still `{text}` after {limit:?}, expected `{expected}`:\n{}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
