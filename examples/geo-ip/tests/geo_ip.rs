//! The Geo-IP app through TestApp, pre-initialized (as `edge build` ships
//! it) and not: the same answers, and every input a client can get wrong.

use std::sync::OnceLock;

use edge_harness::TestApp;
use serde_json::Value;

fn shipped() -> &'static TestApp {
    static APP: OnceLock<TestApp> = OnceLock::new();
    APP.get_or_init(|| TestApp::from_package(env!("CARGO_MANIFEST_DIR")).expect("geo-ip loads"))
}

fn per_request() -> &'static TestApp {
    static APP: OnceLock<TestApp> = OnceLock::new();
    APP.get_or_init(|| {
        TestApp::builder()
            .preinit(false)
            .package(env!("CARGO_MANIFEST_DIR"))
            .expect("geo-ip loads without pre-initialization")
    })
}

type TestResult = Result<(), edge_harness::Error>;

#[test]
fn looks_up_the_address_in_the_query() -> TestResult {
    let res = shipped().get("/?ip=0.0.0.1").send()?;
    assert_eq!(res.status(), 200, "{}", res.text());
    let found: Value = res.json()?;
    assert_eq!(found["ip"], "0.0.0.1");
    assert_eq!(found["country"].as_str().map(str::len), Some(2));
    assert!(found["region"].as_str().is_some_and(|r| !r.is_empty()));
    Ok(())
}

#[test]
fn looks_up_the_first_forwarded_address_without_a_query() -> TestResult {
    let direct: Value = shipped().get("/?ip=0.0.0.1").send()?.json()?;
    let forwarded: Value = shipped()
        .get("/")
        .header("x-forwarded-for", "0.0.0.1, 198.51.100.1")
        .send()?
        .json()?;
    assert_eq!(direct, forwarded);
    Ok(())
}

#[test]
fn pre_initialized_and_per_request_builds_answer_the_same() -> TestResult {
    for ip in [
        "0.0.0.1",
        "64.10.20.30",
        "128.0.0.1",
        "203.0.113.7",
        "255.255.0.1",
    ] {
        let a = shipped().get(&format!("/?ip={ip}")).send()?;
        let b = per_request().get(&format!("/?ip={ip}")).send()?;
        assert_eq!((a.status(), a.text()), (b.status(), b.text()), "{ip}");
    }
    let stats: Value = shipped().get("/stats").send()?.json()?;
    assert_eq!(stats["ranges"], 10_000);
    assert_eq!(stats["regions"], 21);
    Ok(())
}

#[test]
fn an_address_between_ranges_is_404_naming_it() -> TestResult {
    // Each range covers at least the first half of its 2^32/10,000 slot,
    // so the last address of the space is past the last range's end only
    // sometimes; search for a gap instead of assuming one.
    let mut gap = None;
    for slot in 0..50_u32 {
        let last_of_slot = (slot + 1) * (u32::MAX / 10_000) - 1;
        let ip = std::net::Ipv4Addr::from(last_of_slot);
        let res = shipped().get(&format!("/?ip={ip}")).send()?;
        if res.status() == 404 {
            gap = Some((ip, res.text()));
            break;
        }
    }
    let (ip, text) = gap.expect("some slot ends before its last address");
    assert!(
        text.contains(&format!("{ip} is in no known range")),
        "{text}"
    );
    Ok(())
}

#[test]
fn a_bad_address_is_400_with_an_example() -> TestResult {
    let res = shipped().get("/?ip=300.1.1.1").send()?;
    assert_eq!(res.status(), 400);
    assert!(
        res.text()
            .contains("`300.1.1.1` is not an IPv4 address (like 203.0.113.7)"),
        "{}",
        res.text()
    );
    Ok(())
}

#[test]
fn no_address_at_all_is_400_saying_how_to_pass_one() -> TestResult {
    let res = shipped().get("/").send()?;
    assert_eq!(res.status(), 400);
    assert!(
        res.text()
            .contains("pass ?ip=203.0.113.7 or an x-forwarded-for header"),
        "{}",
        res.text()
    );
    Ok(())
}
