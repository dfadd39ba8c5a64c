//! What a composed plugin is granted, through `compose` with named
//! plugins (issue 27, finding 3): its own configuration keys, the keys and
//! origins the operator grants it, nothing else; the app keeps its own.

use edge_harness::compose::{Plugin, compose, with_plugins};
use edge_harness::runtime::WasiHttpVersion;
use edge_harness::settings::manifest_settings;
use edge_harness::{MockResponse, Progress, TestApp, build_package};

use crate::support;

/// The probe plugin, granted with `grant`, in front of FlightPath, both
/// built for `wasi` (the composition written under the temporary folder
/// `name`), with config for several parts and two mock origins.
fn composed(name: &str, wasi: WasiHttpVersion, grant: impl FnOnce(Plugin) -> Plugin) -> TestApp {
    let probe = support::built("plugins/probe", wasi);
    let app = support::built("examples/flightpath", wasi);
    let plugin = Plugin::new("probe", std::fs::read(&probe).expect("the probe's file"));
    let bytes = compose(
        &std::fs::read(&app).expect("the app's file"),
        &[grant(plugin)],
    )
    .expect("composes");
    let file = support::temp_dir(&format!("{name}-{wasi:?}")).join("composed.wasm");
    std::fs::write(&file, bytes).expect("written");
    TestApp::builder()
        .without_manifest()
        .config("probe.greeting", "hi")
        .config("shared.region", "eu")
        .config("db.password", "hunter2")
        .mock("origin.example.com", |_| MockResponse::text("the origin"))
        .mock("other.example.com", |_| MockResponse::text("another"))
        .file(&file)
        .expect("loads")
}

/// Both WASI versions: over 0.3 the outbound filter lifts `send`, an
/// `async func`.
const VERSIONS: [WasiHttpVersion; 2] = [WasiHttpVersion::P2, WasiHttpVersion::P3];

fn probe(app: &TestApp, action: &str) -> String {
    let res = app
        .get("/")
        .header("x-probe", action)
        .send()
        .expect("answers");
    assert_eq!(res.status(), 200, "{}", res.stderr());
    res.text()
}

#[test]
fn granted_keys_and_origins_are_reached_and_nothing_else() {
    for wasi in VERSIONS {
        let app = composed("plugin-grants-some", wasi, |plugin| {
            plugin
                .grant("shared.region")
                .allow_outbound("origin.example.com")
        });
        assert_eq!(
            probe(&app, "config-all"),
            "probe.greeting=hi\nshared.region=eu\n"
        );
        assert_eq!(probe(&app, "config-key-db.password"), "(none)");
        assert_eq!(
            probe(&app, "fetch-origin.example.com"),
            "fetched 200",
            "{wasi}"
        );
        assert_eq!(
            probe(&app, "fetch-other.example.com"),
            "fetch failed: Denied",
            "{wasi}"
        );
        assert_eq!(app.outbound_count("origin.example.com"), 1);
        assert_eq!(app.outbound_count("other.example.com"), 0);
        // The app behind is untouched.
        assert_eq!(app.get("/").send().expect("answers").text(), "Hello World");
    }
}

#[test]
fn without_grants_a_plugin_has_its_own_keys_and_no_origin() {
    for wasi in VERSIONS {
        let app = composed("plugin-grants-none", wasi, |plugin| plugin);
        assert_eq!(probe(&app, "config-all"), "probe.greeting=hi\n");
        assert_eq!(
            probe(&app, "fetch-origin.example.com"),
            "fetch failed: Denied",
            "{wasi}"
        );
        assert_eq!(app.outbound_count("origin.example.com"), 0);
    }
}

/// A folder with only an `edge.toml` of `text`.
fn manifest_dir(name: &str, text: &str) -> std::path::PathBuf {
    let dir = support::temp_dir(name);
    std::fs::write(dir.join("edge.toml"), text).expect("written");
    dir
}

#[test]
fn edge_toml_grants_a_plugin_by_name() {
    let probe_dir = support::workspace().join("plugins/probe");
    let dir = manifest_dir(
        "plugin-grants-manifest",
        &format!(
            "[plugins]\nchain = [{probe_dir:?}]\n\n[plugins.grants.probe]\n\
             config = [\"shared.region\"]\noutbound = [\"origin.example.com\"]\n"
        ),
    );
    let settings = manifest_settings(&dir).expect("the manifest reads");
    let app = build_package(
        support::workspace().join("examples/flightpath"),
        Progress::Quiet,
    )
    .expect("flightpath builds");
    let composed = with_plugins(
        &app,
        &settings.plugins,
        &settings.plugin_grants,
        Progress::Quiet,
    )
    .expect("composes");
    let file = dir.join("composed.wasm");
    std::fs::write(&file, composed.bytes()).expect("written");
    let app = TestApp::builder()
        .without_manifest()
        .config("probe.greeting", "hi")
        .config("shared.region", "eu")
        .config("db.password", "hunter2")
        .mock("origin.example.com", |_| MockResponse::text("the origin"))
        .file(&file)
        .expect("loads");
    assert_eq!(
        probe(&app, "config-all"),
        "probe.greeting=hi\nshared.region=eu\n"
    );
    assert_eq!(probe(&app, "fetch-origin.example.com"), "fetched 200");
}

#[test]
fn a_grant_for_no_plugin_of_the_chain_is_refused_naming_the_plugins() {
    let probe_dir = support::workspace().join("plugins/probe");
    let dir = manifest_dir(
        "plugin-grants-stray",
        &format!(
            "[plugins]\nchain = [{probe_dir:?}]\n\n[plugins.grants.prob]\noutbound = [\"x.example\"]\n"
        ),
    );
    let settings = manifest_settings(&dir).expect("the manifest reads");
    let app = build_package(
        support::workspace().join("examples/flightpath"),
        Progress::Quiet,
    )
    .expect("flightpath builds");
    let err = with_plugins(
        &app,
        &settings.plugins,
        &settings.plugin_grants,
        Progress::Quiet,
    )
    .expect_err("a grant for a plugin that is not there");
    let text = format!("{err:#}");
    assert!(
        text.contains(
            "[plugins.grants.prob] names no plugin of the chain (its plugins are named probe)"
        ),
        "{text}"
    );
}
