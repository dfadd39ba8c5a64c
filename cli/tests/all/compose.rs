//! `edge compose` and `edge serve --plugin`: plugins composed in front of
//! an app through the command line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use edge_harness::{Progress, TestApp, build_package};

use crate::support;

fn flightpath() -> PathBuf {
    support::workspace().join("examples/flightpath")
}

fn waf() -> PathBuf {
    support::workspace().join("plugins/waf")
}

/// A small app in a temporary folder whose `edge.toml` puts the WAF in
/// front of it, on the workspace's lock file and build directory.
fn app_with_plugins_in_its_manifest() -> PathBuf {
    let dir = support::temp_dir("plugins-manifest-app");
    let workspace = support::workspace().canonicalize().expect("the workspace");
    std::fs::create_dir_all(dir.join("src")).expect("src");
    std::fs::create_dir_all(dir.join(".cargo")).expect(".cargo");
    let files = [
        (
            "Cargo.toml",
            format!(
                "[package]\nname = \"plugins-manifest-app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
                 [lib]\ncrate-type = [\"cdylib\"]\n\n[dependencies]\nedge-sdk = {{ path = \"{}\" }}\n\n\
                 [profile.release]\nopt-level = \"z\"\nlto = true\ncodegen-units = 1\nstrip = true\n\
                 panic = \"abort\"\n\n[workspace]\n",
                workspace.join("sdk").display()
            ),
        ),
        (
            "src/lib.rs",
            "#[edge::main]\nfn main(_req: edge::Request) -> edge::Response {\n    \
             edge::Response::new(\"behind the waf\".into())\n}\n"
                .to_owned(),
        ),
        (
            ".cargo/config.toml",
            format!(
                "[build]\ntarget-dir = \"{}\"\n",
                workspace.join("target").display()
            ),
        ),
        (
            "edge.toml",
            format!(
                "[plugins]\nchain = [\"{}\"]\n",
                workspace.join("plugins/waf").display()
            ),
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("an app file");
    }
    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).expect("Cargo.lock");
    dir
}

/// What a command that succeeded wrote to stdout; its stderr if it failed.
fn succeeded(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn compose(app: &Path, plugins: &[&Path], output: &Path) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_edge"));
    command.arg("compose").arg(app);
    for plugin in plugins {
        command.arg("--plugin").arg(plugin);
    }
    command.arg("-o").arg(output).output().expect("edge runs")
}

#[test]
fn compose_writes_one_component_that_answers_through_the_plugins() -> edge_harness::Result<()> {
    let output = support::temp_dir("compose").join("flightpath+waf.wasm");
    let out = compose(&flightpath(), &[&waf()], &output);
    let stdout = succeeded(&out);
    assert!(
        stdout.contains("in request order:\n  plugin 1 "),
        "{stdout}"
    );
    assert!(stdout.contains("the parts add up to"), "{stdout}");

    let app = TestApp::builder().without_manifest().file(&output)?;
    app.get("/")
        .send()?
        .assert_status(200)
        .assert_header("x-powered-by", "FlightPath");
    app.get("/?q=%3Cscript%3E")
        .send()?
        .assert_status(403)
        .assert_header("x-waf-rule", "xss-script");
    Ok(())
}

#[test]
fn compose_names_a_part_that_is_not_a_plugin() {
    let dir = support::temp_dir("compose-not-a-plugin");
    let app = build_package(flightpath(), Progress::Quiet).expect("flightpath builds");
    let out = compose(&app, &[&waf(), &app], &dir.join("out.wasm"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr.contains("plugin 2 is not a plugin"), "{stderr}");
    assert!(
        stderr.contains("plugin 2 = "),
        "the files are named: {stderr}"
    );
    assert!(!dir.join("out.wasm").exists());
}

#[test]
fn compose_needs_something_to_compose_and_an_output() {
    let dir = support::temp_dir("compose-nothing");
    let app = build_package(flightpath(), Progress::Quiet).expect("flightpath builds");
    let out = Command::new(env!("CARGO_BIN_EXE_edge"))
        .arg("compose")
        .arg(&app)
        .arg("-o")
        .arg(dir.join("out.wasm"))
        .output()
        .expect("edge runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr
            .contains("nothing to compose: give --plugin PLUGIN (or list plugins under [plugins]"),
        "{stderr}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_edge"))
        .args(["compose", "app.wasm", "--proxy-only"])
        .output()
        .expect("edge runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--output <FILE>"), "{stderr}");
}

#[test]
fn compose_names_a_plugin_file_that_is_missing() {
    let app = build_package(flightpath(), Progress::Quiet).expect("flightpath builds");
    let dir = support::temp_dir("compose-missing");
    let out = compose(&app, &[&dir.join("missing.wasm")], &dir.join("out.wasm"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        stderr.contains("missing.wasm: no such file or directory"),
        "{stderr}"
    );
}

#[test]
fn serve_composes_the_plugins_it_is_given() {
    let app = build_package(flightpath(), Progress::Quiet).expect("flightpath builds");
    let waf = waf();
    let server = support::server::Server::start(
        &app,
        &[
            "--kv-memory",
            "--plugin",
            waf.to_str().expect("a UTF-8 path"),
        ],
    );
    assert_eq!(server.get("/").0, 200);
    let (status, body) = server.get("/api/flights?from=%27%20OR%20%271%27%3D%271");
    assert_eq!(status, 403);
    assert_eq!(body, "Forbidden: blocked by WAF rule sqli-tautology\n");
}

#[test]
fn the_plugins_of_edge_toml_apply_to_serve_and_to_test_apps() -> edge_harness::Result<()> {
    let dir = app_with_plugins_in_its_manifest();
    let server = support::server::Server::start(&dir, &["--kv-memory"]);
    assert_eq!(server.get("/"), (200, "behind the waf".to_owned()));
    assert_eq!(server.get("/?q=%3Cscript%3E").0, 403);
    drop(server);

    let app = TestApp::from_package(&dir)?;
    app.get("/?q=%3Cscript%3E")
        .send()?
        .assert_status(403)
        .assert_header("x-waf-rule", "xss-script");
    let without = TestApp::builder().without_manifest().package(&dir)?;
    without.get("/?q=%3Cscript%3E").send()?.assert_status(200);
    Ok(())
}

#[test]
fn build_and_compose_keep_the_chain_of_edge_toml() -> edge_harness::Result<()> {
    // Before, `edge serve DIR` ran the WAF while the file `edge build DIR`
    // wrote, and `edge compose DIR`, left it out.
    let dir = app_with_plugins_in_its_manifest();
    let out = Command::new(env!("CARGO_BIN_EXE_edge"))
        .arg("build")
        .arg(&dir)
        .output()
        .expect("edge runs");
    let stdout = succeeded(&out);
    assert!(
        stdout.contains("edge.toml's [plugins] composed in front, in request order"),
        "{stdout}"
    );
    // Each plugin's configuration namespace is said.
    assert!(stdout.contains("reads config waf.*"), "{stdout}");
    let built = stdout
        .lines()
        .find_map(|line| line.split_once(".plugins.wasm ("))
        .map(|(path, _)| format!("{path}.plugins.wasm"))
        .unwrap_or_else(|| panic!("no composed component printed: {stdout}"));
    let output = support::temp_dir("compose-manifest-chain").join("out.wasm");
    let out = Command::new(env!("CARGO_BIN_EXE_edge"))
        .arg("compose")
        .arg(&dir)
        .arg("-o")
        .arg(&output)
        .output()
        .expect("edge runs");
    let stdout = succeeded(&out);
    assert!(stdout.contains("plugin 1 "), "{stdout}");
    assert!(stdout.contains("reads config waf.*"), "{stdout}");
    for file in [PathBuf::from(built), output] {
        let app = TestApp::builder().without_manifest().file(&file)?;
        let res = app.get("/").send()?;
        res.assert_status(200);
        assert_eq!(res.text(), "behind the waf");
        app.get("/?q=%3Cscript%3E")
            .send()?
            .assert_status(403)
            .assert_header("x-waf-rule", "xss-script");
    }
    Ok(())
}

#[test]
fn config_given_to_a_component_whose_config_is_inside_is_refused() {
    // Before, a rotated secret was silently ignored: the component kept
    // accepting the old one.
    let dir = support::temp_dir("compose-rotated-secret");
    let output = dir.join("flightpath+auth.wasm");
    let out = Command::new(env!("CARGO_BIN_EXE_edge"))
        .arg("compose")
        .arg(flightpath())
        .arg("--plugin")
        .arg(support::workspace().join("plugins/auth"))
        .args(["--config", "auth.token=old-secret", "-o"])
        .arg(&output)
        .output()
        .expect("edge runs");
    succeeded(&out);
    let out = Command::new(env!("CARGO_BIN_EXE_edge"))
        .arg("serve")
        .arg(&output)
        .args(["--listen", "127.0.0.1:0", "--kv-memory"])
        .args(["--config", "auth.token=new-secret"])
        .output()
        .expect("edge runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "has its configuration written inside (auth.token, by `edge compose --config`)"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("the configuration given here (auth.token) would be ignored"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("old-secret") && !stderr.contains("new-secret"),
        "no value is printed: {stderr}"
    );
}

#[test]
fn a_proxy_only_build_imports_only_the_proxy_world_and_still_answers() -> edge_harness::Result<()> {
    let dir = support::temp_dir("compose-proxy-only");
    let hello = support::workspace().join("examples/hello");
    for (name, plugins) in [("hello", vec![]), ("flightpath+waf", vec![waf()])] {
        let app = if name == "hello" {
            hello.clone()
        } else {
            flightpath()
        };
        let output = dir.join(format!("{name}.wasm"));
        let mut command = Command::new(env!("CARGO_BIN_EXE_edge"));
        command.arg("compose").arg(&app).arg("--proxy-only");
        for plugin in &plugins {
            command.arg("--plugin").arg(plugin);
        }
        let out = command.arg("-o").arg(&output).output().expect("edge runs");
        let stdout = succeeded(&out);
        assert!(stdout.ends_with("runs on: wasmtime serve\n"), "{stdout}");

        let imports = edge_harness::ComponentInfo::read(&output)?.imports;
        assert_eq!(
            edge_harness::compose::host_command(imports.iter().map(String::as_str)),
            "wasmtime serve",
            "{imports:?}"
        );
        assert!(
            !imports
                .iter()
                .any(|i| i.starts_with("wasi:cli/environment")),
            "{imports:?}"
        );

        let app = TestApp::builder()
            .without_manifest()
            .standard_interfaces_only()
            .file(&output)?;
        app.get("/").send()?.assert_status(200);
    }
    Ok(())
}

#[test]
fn a_proxy_only_build_of_an_app_using_a_store_names_what_it_needs() {
    let dir = support::temp_dir("compose-proxy-only-kv");
    let visits = support::workspace().join("examples/visits");
    let out = Command::new(env!("CARGO_BIN_EXE_edge"))
        .arg("compose")
        .arg(&visits)
        .arg("--proxy-only")
        .arg("-o")
        .arg(dir.join("visits.wasm"))
        .output()
        .expect("edge runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        stderr.contains("the app cannot be proxy-only: it imports wasi:keyvalue/"),
        "{stderr}"
    );
    assert!(stderr.contains("wasmtime serve -S keyvalue"), "{stderr}");
}

#[test]
fn flightpath_behind_auth_and_waf_with_config_inside_runs_on_the_standard_interfaces()
-> edge_harness::Result<()> {
    // What `wasmtime serve -S cli` runs (and plain `wasmtime serve`, made
    // proxy-only): auth's credentials are written inside the component.
    let dir = support::temp_dir("compose-config-inside");
    let auth = support::workspace().join("plugins/auth");
    for (proxy_only, host) in [(false, "wasmtime serve -S cli"), (true, "wasmtime serve")] {
        let output = dir.join(format!("flightpath-proxy-{proxy_only}.wasm"));
        let mut command = Command::new(env!("CARGO_BIN_EXE_edge"));
        command
            .arg("compose")
            .arg(flightpath())
            .arg("--plugin")
            .arg(&auth)
            .arg("--plugin")
            .arg(waf())
            .args([
                "--config",
                "auth.token=s3cret",
                "--config",
                "auth.realm=flights",
            ]);
        if proxy_only {
            command.arg("--proxy-only");
        }
        let out = command.arg("-o").arg(&output).output().expect("edge runs");
        let stdout = succeeded(&out);
        assert!(
            stdout
                .contains("config   2 values written inside (whoever has the file can read them)"),
            "{stdout}"
        );
        assert!(stdout.ends_with(&format!("runs on: {host}\n")), "{stdout}");
        let imports = edge_harness::ComponentInfo::read(&output)?.imports;
        assert!(
            !imports.iter().any(|i| i.starts_with("wasi:config/")),
            "{imports:?}"
        );

        let app = TestApp::builder()
            .without_manifest()
            .standard_interfaces_only()
            .file(&output)?;
        app.get("/")
            .send()?
            .assert_status(401)
            .assert_header("www-authenticate", "Bearer realm=\"flights\"");
        let signed_in = |target: &str| {
            app.get(target)
                .header("authorization", "Bearer s3cret")
                .send()
        };
        signed_in("/")?
            .assert_status(200)
            .assert_header("x-powered-by", "FlightPath");
        signed_in("/?q=%3Cscript%3E")?
            .assert_status(403)
            .assert_header("x-waf-rule", "xss-script");
        app.get("/")
            .header("authorization", "Bearer wrong")
            .send()?
            .assert_status(401);
    }
    Ok(())
}

#[test]
fn config_for_an_app_that_reads_none_is_refused() {
    let dir = support::temp_dir("compose-config-unread");
    let out = Command::new(env!("CARGO_BIN_EXE_edge"))
        .arg("compose")
        .arg(support::workspace().join("examples/hello"))
        .args(["--config", "k=v", "-o"])
        .arg(dir.join("hello.wasm"))
        .output()
        .expect("edge runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        stderr.contains("does not import `wasi:config/store`): drop --config"),
        "{stderr}"
    );
    assert!(!dir.join("hello.wasm").exists());
}

#[test]
fn a_hundred_plugins_are_refused_with_the_limit_not_a_crash() {
    // Before the limit, 84 plugins met the pool's size error and 100 made
    // wasmtime's compiler assert: edge exited 101.
    let app = build_package(flightpath(), Progress::Quiet).expect("flightpath builds");
    let probe = build_package(support::workspace().join("plugins/probe"), Progress::Quiet)
        .expect("the probe plugin builds");
    let plugins = vec![probe.as_path(); 100];
    let dir = support::temp_dir("compose-hundred");
    let out = compose(&app, &plugins, &dir.join("out.wasm"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("100 plugins: a composition holds at most 32"),
        "{stderr}"
    );
    let server = std::process::Command::new(env!("CARGO_BIN_EXE_edge"))
        .arg("serve")
        .arg(&app)
        .args(
            plugins
                .iter()
                .flat_map(|p| [std::ffi::OsStr::new("--plugin"), p.as_os_str()]),
        )
        .args(["--listen", "127.0.0.1:0", "--kv-memory"])
        .output()
        .expect("edge runs");
    let stderr = String::from_utf8_lossy(&server.stderr);
    assert_eq!(server.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("100 plugins: a composition holds at most 32"),
        "{stderr}"
    );
}
