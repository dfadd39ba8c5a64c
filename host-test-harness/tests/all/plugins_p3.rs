//! Plugins over WASI 0.3 (issue 27, finding 7a): a plugin that reads the
//! first bytes of a body passes the whole body on, streamed, and a
//! composition refuses a part of the other WASI version. (A 0.3 plugin's
//! grants: `plugin_grants`.)

use std::sync::OnceLock;

use edge_harness::TestApp;
use edge_harness::compose::{ComposeError, compose_paths};
use edge_harness::runtime::WasiHttpVersion;
use edge_test_programs::routes::{self, fnv1a64};

use crate::support;

/// `edge::plugin::BodyPrefix::LIMIT`: the bytes of a body a plugin sees.
const PREFIX_LIMIT: usize = 64 * 1024;

/// The test programs for WASI 0.3 behind the WAF, which reads bodies.
fn behind_waf() -> &'static TestApp {
    static APP: OnceLock<TestApp> = OnceLock::new();
    APP.get_or_init(|| {
        TestApp::builder()
            .without_manifest()
            .wasi(WasiHttpVersion::P3)
            .plugin(support::workspace().join("plugins/waf"))
            .package(support::test_programs_package())
            .expect("the waf composes in front of the 0.3 test programs")
    })
}

/// `len` bytes of text that trips no rule, each position different enough
/// that a byte lost or moved changes the hash.
fn body_of(len: usize) -> Vec<u8> {
    b"abcdefghijklmnopqrstuvwxyz0123456789 "
        .iter()
        .cycle()
        .zip(0..len)
        .map(|(&byte, i)| if i % 1031 == 0 { b'Q' } else { byte })
        .collect()
}

#[test]
fn a_body_read_by_a_plugin_reaches_the_app_whole() {
    let limit = PREFIX_LIMIT;
    for len in [0, 1, limit - 1, limit, limit + 1, 3 * limit + 17, 1 << 20] {
        let body = body_of(len);
        let expected = format!("{len} bytes, fnv1a64 {:016x}", fnv1a64(&body));
        let res = behind_waf()
            .post(routes::DIGEST)
            .body(body)
            .send()
            .expect("a response");
        assert_eq!(
            (res.status().as_u16(), res.text()),
            (200, expected),
            "{len} bytes"
        );
    }
}

#[test]
fn a_plugin_answers_from_what_it_read_of_the_body() {
    let res = behind_waf()
        .post(routes::DIGEST)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("comment=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        .send()
        .expect("a response");
    assert_eq!(res.status(), 403, "{}", res.text());
    assert_eq!(res.header("x-waf-rule"), Some("xss-script"));
}

#[test]
fn what_lies_past_the_prefix_is_not_seen_and_goes_on() {
    // Documented: a plugin sees the first BodyPrefix::LIMIT bytes alone.
    let mut body = body_of(PREFIX_LIMIT);
    body.extend_from_slice(b"&x=<script>alert(1)</script>");
    let res = behind_waf()
        .post(routes::DIGEST)
        .body(body.clone())
        .send()
        .expect("a response");
    assert_eq!(res.status(), 200, "{}", res.text());
    assert!(res.text().starts_with(&format!("{} bytes", body.len())));
}

#[test]
fn a_plugin_of_the_other_wasi_version_is_refused_naming_both() {
    let app = support::built("examples/hello", WasiHttpVersion::P3);
    let waf = support::built("plugins/waf", WasiHttpVersion::P2);
    let err = compose_paths(&app, &[waf], &Default::default()).expect_err("refused");
    let compose_error = err.downcast_ref::<ComposeError>().expect("a ComposeError");
    assert!(
        matches!(
            compose_error,
            ComposeError::WasiMismatch {
                plugin: WasiHttpVersion::P2,
                app: WasiHttpVersion::P3,
                ..
            }
        ),
        "{compose_error:?}"
    );
    let text = format!("{err:#}");
    assert!(
        text.contains("plugin 1 is built for wasi:http 0.2 and the app for wasi:http 0.3")
            && text.contains("--wasi 0.3"),
        "{text}"
    );
}
