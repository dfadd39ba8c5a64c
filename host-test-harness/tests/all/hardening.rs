//! What a hostile guest tries against the host's limits, through TestApp:
//! key-value reads that amplify, values and stores over their quotas,
//! statuses a host must not send, and text that would forge the log. (The
//! probes that must end in time are in `hostile_guests`.)

use edge_harness::{LimitSettings, TestApp, TestAppBuilder};
use edge_test_programs::routes;

fn app(builder: TestAppBuilder) -> TestApp {
    builder
        .package(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-programs"))
        .expect("test programs build and load")
}

fn text(app: &TestApp, target: &str) -> String {
    app.get(target).send().expect("a response").text()
}

#[test]
fn a_read_that_would_amplify_one_value_is_refused_with_the_limit() {
    let app = app(TestApp::builder());
    // 20 reads of a 1 MiB value: 20 MiB for 20 short keys of the guest's.
    let said = text(&app, &format!("{}?kib=1024&times=20", routes::KV_AMPLIFY));
    assert_eq!(
        said,
        "get_many: the default key-value store failed: the values asked for add up to more than the \
         16777216 bytes one host call may return (read fewer keys at once, or raise \
         `max-host-call-mib`: an edge serve flag or an edge.toml [limits] key)"
    );
    let within = text(&app, &format!("{}?kib=1024&times=10", routes::KV_AMPLIFY));
    assert_eq!(within, "read 10485760 bytes");
}

#[test]
fn a_value_over_the_limit_is_refused_with_the_flag_that_raises_it() {
    let app = app(TestApp::builder());
    let said = text(&app, &format!("{}?kib=2048&times=1", routes::KV_AMPLIFY));
    assert_eq!(
        said,
        "set: the default key-value store failed: the value for `big` is 2097152 bytes, over the \
         key-value limit of 1048576 bytes per value (raise `kv-max-value-kib`: an edge serve \
         flag or an edge.toml [limits] key)"
    );
    assert_eq!(app.kv("default").get("big"), None);
    let raised = self::app(TestApp::builder().limits(LimitSettings {
        kv_max_value_kib: Some(4096),
        max_host_call_mib: Some(64),
        ..LimitSettings::default()
    }));
    let said = text(&raised, &format!("{}?kib=2048&times=1", routes::KV_AMPLIFY));
    assert_eq!(said, "read 2097152 bytes");
}

#[test]
fn a_store_is_held_to_its_key_and_byte_quotas() {
    let app = app(TestApp::builder().limits(LimitSettings {
        kv_max_keys: Some(100),
        ..LimitSettings::default()
    }));
    let said = text(&app, &format!("{}?n=1000", routes::KV_FILL));
    assert!(
        said.starts_with(
            "stored 100: the default key-value store failed: store `default` would hold \
                          101 keys, over its limit of 100 (raise `kv-max-keys`"
        ),
        "{said}"
    );
    assert_eq!(app.kv("default").keys().len(), 100);

    let app = self::app(TestApp::builder().limits(LimitSettings {
        kv_max_store_mib: Some(1),
        ..LimitSettings::default()
    }));
    let said = text(&app, &format!("{}?n=1000&kib=100", routes::KV_FILL));
    assert!(
        said.starts_with(
            "stored 10: the default key-value store failed: store `default` would hold"
        ),
        "{said}"
    );
    assert!(said.contains("(raise `kv-max-store-mib`"), "{said}");
}

#[test]
fn statuses_a_host_must_not_send_are_answered_500_with_the_reason() {
    let app = app(TestApp::builder());
    for code in [100, 101, 103, 199, 600, 999] {
        let res = app
            .get(&format!("{}?code={code}", routes::STATUS))
            .send()
            .expect("a response");
        assert_eq!(res.status().as_u16(), 500, "status {code}");
        assert_eq!(
            res.failure(),
            Some(
                format!(
                    "the guest answered with status {code}, which the host does not send: \
                     answer with 200-599 (informational 1xx responses are the host's own)"
                )
                .as_str()
            )
        );
    }
    for code in [200, 404, 599] {
        let res = app
            .get(&format!("{}?code={code}", routes::STATUS))
            .send()
            .expect("a response");
        assert_eq!(res.status().as_u16(), code);
    }
}

#[test]
fn a_forged_frame_name_is_escaped_in_the_failure() {
    let app = app(TestApp::builder());
    let res = app.get(routes::LOG_FORGERY).send().expect("a response");
    assert_eq!(res.status().as_u16(), 500);
    let failure = res.failure().expect("a failure");
    assert_eq!(
        failure,
        "the guest trapped: wasm trap: wasm `unreachable` instruction executed \
         (in x\\nGET /admin 200 0.1ms\\r\\u{1b}[0m)"
    );
    assert!(!failure.contains(['\n', '\r', '\u{1b}']), "{failure:?}");
}
