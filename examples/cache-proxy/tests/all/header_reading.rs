//! How the cache reads the origin's caching headers (RFC 9111 §1.2.2,
//! §4.2, §5; RFC 9110 §5.6.7; RFC 9213): each path of the mock origin
//! sends one way of writing them, and the test asks twice.

use edge_harness::MockResponse;

use crate::support::{ORIGIN, TestResult, app_with};

/// The tests' start, as the origin's `Date`.
const NOW: &str = "Tue, 14 Nov 2023 22:13:20 GMT";

/// The origin's headers for each path.
fn origin_headers(path: &str) -> Vec<(&'static str, &'static str)> {
    match path {
        "/no-cache-mixed-case" => vec![("cache-control", "No-CaChE, max-age=600")],
        "/max-age-mixed-case" => vec![("cache-control", "MaX-aGe=600")],
        "/age-two-values" => vec![("cache-control", "max-age=3600"), ("age", "7200, 0")],
        "/max-age-decimal" => vec![("cache-control", "max-age=600.5")],
        "/max-age-twice" => vec![("cache-control", "max-age=600, max-age=0")],
        "/expires-rfc850" => vec![
            ("date", NOW),
            ("expires", "Tuesday, 14-Nov-23 22:23:20 GMT"),
        ],
        "/expires-asctime" => vec![("date", NOW), ("expires", "Tue Nov 14 22:23:20 2023")],
        "/expires-doubled-space" => {
            vec![("date", NOW), ("expires", "Tue, 14  Nov 2023 22:23:20 GMT")]
        }
        // Sent 100 s before the tests' start: past its 60 s on arrival.
        "/date-long-ago" => vec![
            ("cache-control", "max-age=60"),
            ("date", "Tue, 14 Nov 2023 22:11:40 GMT"),
        ],
        "/cdn-cache-control" => vec![
            ("cache-control", "no-store"),
            ("cdn-cache-control", "max-age=600"),
        ],
        _ => vec![],
    }
}

/// Whether the second request for `path` is answered from the cache.
fn second_is_a_hit(path: &str) -> Result<bool, edge_harness::Error> {
    let app = app_with(|req| {
        let mut res = MockResponse::text("from the origin");
        for (name, value) in origin_headers(req.path()) {
            res = res.header(name, value);
        }
        res
    })?;
    let first = app.get(path).send()?;
    assert_eq!(first.status(), 200, "{}", first.stderr());
    let second = app.get(path).send()?;
    let hit = second.header("x-cache") == Some("HIT");
    assert_eq!(
        app.outbound_count(ORIGIN),
        if hit { 1 } else { 2 },
        "{path}"
    );
    Ok(hit)
}

#[test]
fn directive_names_are_read_in_any_case() -> TestResult {
    assert!(!second_is_a_hit("/no-cache-mixed-case")?, "No-CaChE reused");
    assert!(second_is_a_hit("/max-age-mixed-case")?, "MaX-aGe ignored");
    Ok(())
}

#[test]
fn a_max_age_that_is_not_a_whole_number_is_stale_and_the_first_of_two_counts() -> TestResult {
    assert!(!second_is_a_hit("/max-age-decimal")?);
    assert!(second_is_a_hit("/max-age-twice")?);
    Ok(())
}

#[test]
fn age_is_its_first_value_and_date_gives_the_apparent_age() -> TestResult {
    assert!(
        !second_is_a_hit("/age-two-values")?,
        "Age: 7200, 0 read as 0"
    );
    assert!(!second_is_a_hit("/date-long-ago")?, "Date not counted");
    Ok(())
}

#[test]
fn expires_is_read_in_every_date_form_and_refused_when_malformed() -> TestResult {
    assert!(second_is_a_hit("/expires-rfc850")?);
    assert!(second_is_a_hit("/expires-asctime")?);
    assert!(!second_is_a_hit("/expires-doubled-space")?);
    Ok(())
}

#[test]
fn cdn_cache_control_speaks_to_the_cache_over_cache_control() -> TestResult {
    assert!(second_is_a_hit("/cdn-cache-control")?);
    Ok(())
}
